import { registerImageFallback, registerView, type ArtifactView, type ArtifactViewInput, type ViewDefinition } from './registry';

/**
 * A PNG artifact (a grid of samples, reconstructions, the decoded manifold) fitted to its card;
 * scaled up with crisp pixels, since model outputs are small (28×28 digits) and blurring them hides
 * what the model draws.
 */
function createImageView(title: string): ArtifactView {
  const element = document.createElement('div');
  element.className = 'gl-image';
  const img = document.createElement('img');
  img.decoding = 'async';
  // Hard pixel edges only when scaling up: scaled down (a 840 px manifold) they would alias.
  const fitPixels = () => img.classList.toggle('gl-pixelated', img.naturalWidth > 0 && img.naturalWidth < img.clientWidth);
  img.addEventListener('load', fitPixels);
  const resizeObserver = new ResizeObserver(fitPixels);
  resizeObserver.observe(img);
  const placeholder = document.createElement('p');
  placeholder.className = 'gl-placeholder';
  element.append(img, placeholder);
  let shown = '';

  return {
    element,
    show({ artifact, uri }: ArtifactViewInput) {
      img.alt = `${title}, epoch ${artifact.epoch}`;
      img.dataset.epoch = String(artifact.epoch);
      img.hidden = !uri;
      placeholder.hidden = !!uri;
      placeholder.textContent = 'Loading image…';
      if (uri && uri !== shown) {
        shown = uri;
        img.src = uri;
      }
    },
    dispose: () => resizeObserver.disconnect(),
  };
}

function imageView(name: string, title: string, order: number): ViewDefinition {
  return { name, kind: 'image', title, order, create: () => createImageView(title) };
}

registerView(imageView('samples', 'Samples', 10));
registerView(imageView('reconstructions', 'Reconstructions (originals above)', 20));
registerView(imageView('manifold', 'Latent manifold', 30));
// The conditional models' views (CVAE, AC-GAN).
registerView(imageView('class-grid', 'Class grid (a row per class, a z per column)', 10.5));
registerView(imageView('class-manifold', 'Latent manifold per class', 31));
// InfoGAN's traversals, one per continuous code (c₂, c₃, … up to its schema's 8 codes).
for (let code = 2; code <= 9; code++) {
  registerView(imageView(`traversal-c${code}`, `c${code} from −2 to 2 (a row per c1)`, 11 + code / 100));
}
registerImageFallback((name) => imageView(name, name, 100));
