/**
 * The catalogue: every model the node offers, by mode. The form (descriptions/family.ts), the checks
 * before sending (familyChecks.ts), the field descriptions and the README's model table are derived from it.
 */
import { extendModels } from './extendVideo';
import { imageToVideoModels } from './imageToVideo';
import { referenceModels } from './referenceToVideo';
import { startEndModels } from './startEndToVideo';
import { textToVideoModels } from './textToVideo';
import { MODES, type Mode, type ModelSpec } from './types';
import { ASPECT_RATIOS_FIVE, MOVEMENT_AMPLITUDES } from './values';

export { MODES, type Mode, type ModelSpec };

export const MODE_NAMES: Record<Mode, string> = {
	image: 'Image to Video',
	startEnd: 'First and Last Frame to Video',
	text: 'Text to Video',
	reference: 'Reference to Video',
	extend: 'Extend a Video',
};

export const MODELS: ModelSpec[] = [
	...imageToVideoModels,
	...startEndModels,
	...textToVideoModels,
	...referenceModels,
	...extendModels,
];

export const DEFAULT_MODE: Mode = 'image';
/** The model of version 1, and the default of version 2. */
export const SEED_MODEL = MODELS[0];

export const modelsOf = (mode: Mode): ModelSpec[] => MODELS.filter((model) => model.mode === mode);

/** The value of the Model field that reveals Custom Model ID. */
export const CUSTOM_MODEL = 'custom';

/**
 * A model id the catalogue does not know yet, under a mode: the body is that mode's fields, and no limit
 * is checked before sending (the API answers for it). Its choices are the family's, for the form.
 */
export function customModel(mode: Mode, id: string): ModelSpec {
	const custom: ModelSpec = {
		id,
		name: 'Custom Model ID',
		mode,
		listedIn: [],
		prompt: { required: mode === 'text' || mode === 'reference' },
		duration: { min: 1, max: 16, default: 5, source: 'family' },
		resolution: { values: ['360p', '540p', '720p', '1080p', '2K'], default: '720p', source: 'family' },
	};
	if (mode === 'text' || mode === 'reference') custom.aspectRatio = { values: [...ASPECT_RATIOS_FIVE, 'auto'], default: '16:9', source: 'family' };
	if (mode === 'text') custom.style = { values: ['general', 'anime'], default: 'general', source: 'family' };
	if (mode !== 'extend') {
		custom.movement = { values: MOVEMENT_AMPLITUDES, default: 'auto', source: 'family' };
		custom.audio = { default: false, voice: true, source: 'family' };
		custom.bgm = { source: 'family' };
		custom.offPeak = { source: 'family' };
	}
	if (mode === 'image' || mode === 'startEnd') custom.isRec = { source: 'family' };
	if (mode === 'image') custom.images = { min: 1, max: 1, source: 'family' };
	if (mode === 'startEnd') custom.images = { min: 2, max: 2, source: 'family' };
	if (mode === 'reference') {
		custom.images = { min: 1, max: 7, source: 'family' };
		custom.subjects = { maxImagesEach: 3, voice: true, source: 'family' };
		custom.videos = { max: 2, imagesWithVideos: 4, inlineMaxMb: 20, source: 'family' };
	}
	if (mode === 'extend') {
		custom.images = { min: 0, max: 1, source: 'family' };
		custom.video = { source: 'family' };
	}
	custom.watermark = { position: mode === 'extend' ? 'name' : 'number', source: 'family' };
	return custom;
}

/** A catalogue model by its id or its alias, within a mode. */
export function knownModel(mode: Mode, id: string): ModelSpec | undefined {
	return modelsOf(mode).find((model) => model.id === id || model.alias?.id === id);
}
