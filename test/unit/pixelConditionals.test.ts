import assert from 'node:assert/strict';
import { conditionalsArtifacts, pixelConditionals } from '../../src/engine/models/pixelConditionals';

describe('pixel conditionals (the NADE / PixelCNN view)', () => {
  it('−log p(image) is the sum of each pixel\'s Bernoulli term under its conditional', () => {
    const data = pixelConditionals({ width: 2, height: 2, testIndex: 7 }, [1, 0, 1, 0], [0.9, 0.2, 0.5, 0.999999], 'raster');
    const expected = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.5) + Math.log(1 - 0.999999));
    assert.ok(Math.abs(data.nll - expected) < 1e-9, `${data.nll} vs ${expected}`);
    assert.deepEqual(data.probabilities, [0.9, 0.2, 0.5, 1], 'probabilities are rounded to 5 decimals for the panel');
    assert.deepEqual({ w: data.width, h: data.height, i: data.testIndex, o: data.ordering }, { w: 2, h: 2, i: 7, o: 'raster' });
  });

  it('gives the picture (image beside heat map, 8 screen pixels per pixel) and the data under one name', () => {
    const data = pixelConditionals({ width: 3, height: 2, testIndex: 0 }, [1, 0, 0, 1, 1, 0], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], 'random');
    const [picture, json] = conditionalsArtifacts(data);
    assert.equal(picture.name, 'conditionals');
    assert.equal(picture.kind, 'image');
    assert.equal(json.kind, 'json');
    assert.equal(picture.kind === 'image' && picture.picture.height, 2 * 8);
    assert.ok(picture.kind === 'image' && picture.picture.width > 2 * 3 * 8, 'two panels side by side');
  });
});
