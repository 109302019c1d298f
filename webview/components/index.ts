/** The panel's UI components. Views import from here, never from a component library directly. */
export { registerComponents } from './toolkit';
export { createButton, type Button } from './button';
export { createCheckbox, type Checkbox } from './checkbox';
export { createTag, type Tag, type TagTone } from './tag';
export { createSlider, type Slider } from './slider';
export { createCard, type Card } from './card';
export { createNumberField, type NumberField } from './numberField';
export { createChoice, type Choice } from './choice';
