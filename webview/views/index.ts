/** Loads every artifact view (each file registers itself). Add one line per new view file. */
import './categoryProbs';
import './gan1dCurves';
import './imageGrid';
import './latentScatter';
import './mcmcDiagnostics';
import './mcmcHist2d';
import './mcmcPath';
import './mcmcPosterior';
import './mcmcTrace';
import './nadeConditionals';

export { viewFor, type ArtifactView, type ViewContext, type ViewDefinition } from './registry';
