import type { ModelSpec } from './types';
import { ASPECT_RATIOS_THREE, PROMPT_CHARS_Q2, PROMPT_CHARS_Q3, RESOLUTIONS_540_TO_1080 } from './values';

/** Reference to Video: 1–7 reference images (or subjects the prompt names as @id) and a prompt. */
export const referenceModels: ModelSpec[] = [
	{
		id: 'viduq2_reference2video',
		name: 'Vidu Q2',
		mode: 'reference',
		listedIn: ['D-q2r2v'],
		alias: { id: 'viduq2_i2v_reference', source: 'D-Lq2ref' },
		images: { min: 1, max: 7, source: 'D-q2r2v' },
		subjects: { maxImagesEach: 3, source: 'D-q2r2v' },
		prompt: { required: true, maxChars: PROMPT_CHARS_Q2, source: 'D-q2r2v' },
		duration: { min: 1, max: 10, default: 5, source: 'D-q2r2v' },
		resolution: { values: RESOLUTIONS_540_TO_1080, default: '720p', source: 'D-q2r2v' },
		aspectRatio: { values: ASPECT_RATIOS_THREE, default: '16:9', source: 'D-q2r2v' },
		audio: { default: false, voice: false, source: 'D-q2r2v' },
		note: 'The default resolution is cut off in the doc excerpt (720p assumed).',
	},
	{
		id: 'viduq2_pro_fast_reference2video',
		name: 'Vidu Q2 Pro Fast',
		mode: 'reference',
		listedIn: ['D-pfr2v'],
		images: { min: 1, max: 7, source: 'D-pfr2v' },
		subjects: { maxImagesEach: 3, source: 'D-pfr2v' },
		prompt: { required: true, maxChars: PROMPT_CHARS_Q2, source: 'D-pfr2v' },
		duration: { min: 1, max: 8, default: 5, source: 'D-pfr2v' },
		audio: { default: false, voice: false, source: 'D-pfr2v' },
	},
	{
		id: 'viduq3_i2v_reference',
		name: 'Vidu Q3',
		mode: 'reference',
		listedIn: ['D-q3ref'],
		images: { min: 1, max: 7, source: 'D-q3ref' },
		prompt: { required: true, maxChars: PROMPT_CHARS_Q3, source: 'D-q3ref' },
		duration: { min: 3, max: 16, default: 5, source: 'D-q3ref' },
		aspectRatio: { values: ['16:9', '9:16', '1:1', '3:4', '4:3', 'auto'], default: '16:9', source: 'D-q3ref' },
		audio: { default: true, voice: false, source: 'D-q3ref' },
	},
	{
		id: 'viduq1_i2v_reference',
		name: 'Vidu Q1',
		mode: 'reference',
		listedIn: ['D-Lq1ref'],
		images: { min: 1, max: 7, source: 'D-Lq1ref' },
		prompt: { required: true, maxChars: PROMPT_CHARS_Q2, source: 'D-Lq1ref' },
		duration: { values: [5], default: 5, source: 'D-Lq1ref' },
		resolution: { values: ['1080p'], default: '1080p', source: 'D-Lq1ref' },
		audio: { default: false, voice: true, source: 'D-Lq1ref' },
	},
];
