#!/usr/bin/env bash
# The webgpu stage of `npm test`: installs a software Vulkan driver when Dawn finds no adapter (Mesa 25 from
# bookworm-backports), then the ladder tests with injected adapters and every example model on webgpu vs cpu.
set -euo pipefail
cd "$(dirname "$0")/../.."
node test/webgpu/ensureVulkanDriver.mjs
# Dawn's two start-up warnings about dynamic-offset limits are noise on every adapter.
npx mocha --no-config --require tsx/cjs --timeout 600000 --reporter spec 'test/webgpu/**/*.test.ts' 2>&1 \
  | grep -v '^Warning: maxDynamic.*artificially reduced'
