import type { INodeProperties } from 'n8n-workflow';

import { ASPECT_RATIO_RANGE, INLINE_IMAGE_MAX_MB, REQUEST_BODY_MAX_MB } from '../constants';
import { CREATES } from './shared';

/** Read by buildCreateBody, which turns the chosen source into the `images` field. */
export const imageFields: INodeProperties[] = [
	{
		displayName: 'Image Source',
		name: 'imageSource',
		type: 'options',
		noDataExpression: true,
		default: 'binary',
		displayOptions: { show: { operation: CREATES } },
		options: [
			{
				name: 'Binary File',
				value: 'binary',
				description: `An image an earlier node produced (sent inline: up to about ${INLINE_IMAGE_MAX_MB} MB)`,
			},
			{
				name: 'URL',
				value: 'url',
				description: 'A public http(s) URL of the image (no size limit from the request body)',
			},
			{
				name: 'Base64',
				value: 'base64',
				description: 'Base64 text or a data URL such as data:image/png;base64,…',
			},
		],
		description: `The first frame of the video: one PNG, JPEG or WebP image, aspect ratio between ${ASPECT_RATIO_RANGE}`,
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { operation: CREATES, imageSource: ['binary'] } },
		description: 'The name of the input binary field that holds the image',
		hint: `The image is sent inline, so it must stay under about ${INLINE_IMAGE_MAX_MB} MB (the request may not exceed ${REQUEST_BODY_MAX_MB} MB)`,
	},
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/first-frame.png',
		displayOptions: { show: { operation: CREATES, imageSource: ['url'] } },
		description: 'An http(s) URL the provider can reach',
	},
	{
		displayName: 'Image (Base64)',
		name: 'imageBase64',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		displayOptions: { show: { operation: CREATES, imageSource: ['base64'] } },
		description: 'Raw base64 or a data URL with its content type, e.g. data:image/png;base64,…',
	},
];
