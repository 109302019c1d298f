#!/usr/bin/env node
// The published CLI is the esbuild bundle; `npm install` builds it through the `prepare` script.
require('../dist/cli.js');
