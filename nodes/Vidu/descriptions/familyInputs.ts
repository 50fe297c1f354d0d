import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { ASPECT_RATIO_RANGE, INLINE_IMAGE_MAX_MB, REQUEST_BODY_MAX_MB } from '../constants';
import { EXTEND_SOURCE_SECONDS, FRAME_PAIR_RATIO } from '../models/familyRules';
import { forModes, V2_CREATES } from './familyModel';
import { referenceFields } from './referenceInputs';

/** The names of one image input's parameters; buildFamilyBody reads them. */
export interface ImageInputNames {
	source: string;
	binary: string;
	url: string;
	base64: string;
}

export const FIRST_FRAME: ImageInputNames = { source: 'imageSource', binary: 'binaryPropertyName', url: 'imageUrl', base64: 'imageBase64' };
export const LAST_FRAME: ImageInputNames = { source: 'lastFrameSource', binary: 'lastFrameBinaryPropertyName', url: 'lastFrameUrl', base64: 'lastFrameBase64' };
export const END_FRAME: ImageInputNames = { source: 'endFrameSource', binary: 'endFrameBinaryPropertyName', url: 'endFrameUrl', base64: 'endFrameBase64' };

const withSource = (display: IDisplayOptions, names: ImageInputNames, source: string): IDisplayOptions => ({
	show: { ...display.show, [names.source]: [source] },
});

function imageInput(label: string, names: ImageInputNames, display: IDisplayOptions, description: string, optional = false): INodeProperties[] {
	const initial = optional ? 'none' : 'binary';
	return [
		{
			displayName: `${label} Source`,
			name: names.source,
			type: 'options',
			noDataExpression: true,
			default: initial,
			displayOptions: display,
			options: [
				...(optional ? [{ name: 'None', value: 'none', description: 'No end frame' }] : []),
				{ name: 'Binary File', value: 'binary', description: `An image an earlier node produced (sent inline: up to about ${INLINE_IMAGE_MAX_MB} MB in all)` },
				{ name: 'URL', value: 'url', description: 'A public http(s) URL of the image' },
				{ name: 'Base64', value: 'base64', description: 'Base64 text or a data URL such as data:image/png;base64,…' },
			],
			description: `${description}: a PNG, JPEG or WebP image, aspect ratio between ${ASPECT_RATIO_RANGE}`,
		},
		{
			displayName: `${label} Binary Field`,
			name: names.binary,
			type: 'string',
			default: 'data',
			required: true,
			displayOptions: withSource(display, names, 'binary'),
			description: 'The name of the input binary field that holds the image',
			hint: `Inline images count towards the request's ${REQUEST_BODY_MAX_MB} MB`,
		},
		{
			displayName: `${label} URL`,
			name: names.url,
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://example.com/frame.png',
			displayOptions: withSource(display, names, 'url'),
			description: 'An http(s) URL the provider can reach',
		},
		{
			displayName: `${label} (Base64)`,
			name: names.base64,
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			required: true,
			displayOptions: withSource(display, names, 'base64'),
			description: 'Raw base64 or a data URL with its content type, e.g. data:image/png;base64,…',
		},
	];
}

const videoFields: INodeProperties[] = [
	{
		displayName: 'Video Source',
		name: 'videoSource',
		type: 'options',
		noDataExpression: true,
		default: 'url',
		displayOptions: forModes('extend'),
		options: [
			{ name: 'URL', value: 'url', description: `A public http(s) URL of the video (${EXTEND_SOURCE_SECONDS.min} seconds to ${EXTEND_SOURCE_SECONDS.max / 60} minute)` },
			{ name: 'Earlier Creation', value: 'creation', description: "The video of an earlier Vidu generation, by its creation ID" },
		],
		description: 'The video to continue',
	},
	{
		displayName: 'Video URL',
		name: 'videoUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/clip.mp4',
		displayOptions: { show: { ...V2_CREATES, videoMode: ['extend'], videoSource: ['url'] } },
		routing: { send: { type: 'body', property: 'video_url' } },
	},
	{
		displayName: 'Video Creation ID',
		name: 'videoCreationId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { ...V2_CREATES, videoMode: ['extend'], videoSource: ['creation'] } },
		description:
			"Sent as video_creation_id. Whether the gateway's task ID is that creation ID is not documented (see the README's Models section).",
		routing: { send: { type: 'body', property: 'video_creation_id' } },
	},
];

/** Version 2's inputs: the frames, the reference images or the video, by mode. */
export const familyInputFields: INodeProperties[] = [
	...imageInput('Image', FIRST_FRAME, forModes('image'), 'The first frame of the video'),
	...imageInput('First Frame', FIRST_FRAME, forModes('startEnd'), 'The first frame of the video'),
	...imageInput('Last Frame', LAST_FRAME, forModes('startEnd'), `The last frame (its aspect ratio within ${FRAME_PAIR_RATIO.min}–${FRAME_PAIR_RATIO.max} of the first frame's, ${FRAME_PAIR_RATIO.source}; checked before sending, a URL frame from the start of its file when n8n can reach it)`),
	...referenceFields,
	...videoFields,
	...imageInput('End Frame', END_FRAME, forModes('extend'), 'An optional frame the extension ends on', true),
];
