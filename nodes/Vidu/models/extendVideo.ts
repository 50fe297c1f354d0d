import type { ModelSpec } from './types';
import { RESOLUTIONS_540_TO_1080 } from './values';

/** Extend a Video: continues a video (by URL or an earlier creation's id), optionally towards an end frame. */
export const extendModels: ModelSpec[] = [
	{
		id: 'viduq2_turbo_extend',
		name: 'Vidu Q2 Turbo',
		mode: 'extend',
		listedIn: ['D-text', 'C'],
		video: { source: 'D-text' },
		images: { min: 0, max: 1, source: 'D-text' },
		prompt: { required: false, maxChars: 2000, source: 'T:vidu-ext' },
		duration: { min: 1, max: 7, default: 5, source: 'D-text' },
		resolution: { values: RESOLUTIONS_540_TO_1080, default: '720p', source: 'D-text' },
		watermark: { position: 'name', source: 'D-text' },
	},
	{
		id: 'viduq2_pro_extend',
		name: 'Vidu Q2 Pro',
		mode: 'extend',
		listedIn: ['D-pext', 'C'],
		video: { source: 'D-pext' },
		images: { min: 0, max: 1, source: 'D-pext' },
		prompt: { required: false, maxChars: 2000, source: 'T:vidu-ext' },
		duration: { min: 1, max: 7, default: 5, source: 'D-pext' },
		resolution: { values: RESOLUTIONS_540_TO_1080, default: '720p', source: 'D-pext' },
		watermark: { position: 'name', source: 'D-pext' },
	},
];
