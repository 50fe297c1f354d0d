import type { INodeProperties } from 'n8n-workflow';

import { audioFields } from './audio';
import { generationFields } from './generation';
import { imageFields } from './image';
import { watermarkFields } from './watermark';

const inVersion1 = (field: INodeProperties): INodeProperties => ({
	...field,
	displayOptions: { ...field.displayOptions, show: { ...field.displayOptions?.show, '@version': [1] } },
});

/**
 * Version 1's create form, as it shipped: one model (Vidu Q2 Turbo image to video). Workflows saved
 * with it keep it, and send the bodies they sent (test/node/v1-bodies).
 */
export const version1CreateFields: INodeProperties[] = [...imageFields, ...generationFields, ...audioFields, ...watermarkFields].map(
	inVersion1,
);
