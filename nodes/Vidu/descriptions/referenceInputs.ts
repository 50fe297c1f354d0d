import type { INodeProperties } from 'n8n-workflow';

import { INLINE_IMAGE_MAX_MB, REQUEST_BODY_MAX_MB } from '../constants';
import { CUSTOM_MODEL, customModel, MODELS } from '../models/catalogue';
import { REFERENCE_IMAGES } from '../models/familyRules';
import { forModes, V2_CREATES } from './familyModel';

const subjectModels = MODELS.filter((model) => model.subjects && !model.subjects.only).map((model) => model.id);
const videoModels = [...MODELS, customModel('reference', CUSTOM_MODEL)].filter((model) => model.mode === 'reference' && model.videos);
const documentedVideos = MODELS.find((model) => model.videos)!;
const videoLimit = documentedVideos.videos!;

const sourceField = (what: string): INodeProperties => ({
	displayName: 'Source',
	name: 'source',
	type: 'options',
	default: 'binary',
	options: [
		{ name: 'Binary File', value: 'binary' },
		{ name: 'URL', value: 'url' },
	],
	description: `Where the ${what} comes from`,
});

const binaryField = (what: string): INodeProperties => ({
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	displayOptions: { show: { source: ['binary'] } },
	description: `The name of the input binary field that holds the ${what}`,
});

/** Reference to Video's inputs: the reference images (a list or subjects) and, for some models, reference videos. */
export const referenceFields: INodeProperties[] = [
	{
		displayName: 'Reference Images',
		name: 'referenceImages',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Reference Image',
		displayOptions: forModes('reference'),
		description: `${REFERENCE_IMAGES.min}–${REFERENCE_IMAGES.max} images of the subjects the video shows (at most ${videoLimit.imagesWithVideos} beside reference videos, ${videoLimit.source}), each at least ${REFERENCE_IMAGES.minPixels}×${REFERENCE_IMAGES.minPixels} pixels (${REFERENCE_IMAGES.source})`,
		options: [
			{
				displayName: 'Image',
				name: 'image',
				values: [
					sourceField('image'),
					binaryField('image'),
					{
						displayName: 'Image URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://example.com/subject.png',
						displayOptions: { show: { source: ['url'] } },
					},
					{
						displayName: 'Subject ID',
						name: 'subjectId',
						type: 'string',
						default: '',
						placeholder: 'e.g. fox',
						description: 'The subject this image shows, named in the prompt as @ID: required by the models that take subjects only (Vidu Q2, Vidu Q2 Pro Fast), and with Send as Subjects (at most 3 images per subject, D-q2r2v)',
					},
				],
			},
		],
	},
	{
		displayName: 'Send as Subjects',
		name: 'asSubjects',
		type: 'boolean',
		default: false,
		displayOptions: { show: { ...V2_CREATES, videoMode: ['reference'], model: [...subjectModels, CUSTOM_MODEL] } },
		description: 'Whether to group the images by Subject ID into subjects the prompt names as @ID (otherwise they go as one list of images)',
	},
	{
		displayName: 'Reference Videos',
		name: 'referenceVideos',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Reference Video',
		displayOptions: { show: { ...V2_CREATES, videoMode: ['reference'], model: videoModels.map((model) => model.id) } },
		description:
			`Optional, 0–${videoLimit.max} videos: MP4, MOV or AVI, at least 128×128, one up to 8 s or two up to 5 s, at most 100 MB (${videoLimit.source}). ` +
			`The provider's page marks videos required, yet describes a call without one, so none is also sent.`,
		options: [
			{
				displayName: 'Video',
				name: 'video',
				values: [
					sourceField('video'),
					{
						...binaryField('video'),
						hint: `Sent inline: under ${videoLimit.inlineMaxMb} MB (${videoLimit.source}), and with the images within the request's ${REQUEST_BODY_MAX_MB} MB (about ${INLINE_IMAGE_MAX_MB} MB of files)`,
					},
					{
						displayName: 'Video URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://example.com/motion.mp4',
						displayOptions: { show: { source: ['url'] } },
					},
				],
			},
		],
	},
];
