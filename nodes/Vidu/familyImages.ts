import type { IDataObject, IExecuteSingleFunctions, INode } from 'n8n-workflow';

import type { ImageInput } from './createBodyEncoding';
import type { ImageInputNames } from './descriptions/familyInputs';
import { operationError } from './errors';
import { checkImage, decodeBase64Image, type ImageInfo } from './image';
import { checkHttpUrl } from './urls';

/** An image for the body, with its size when the bytes are at hand (inline images only). */
export interface ReadImage {
	input: ImageInput;
	info?: ImageInfo;
	label: string;
}

/** The image of one of the form's image inputs (first, last or end frame); undefined for source "none". */
export async function readImageInput(
	this: IExecuteSingleFunctions,
	names: ImageInputNames,
	label: string,
): Promise<ReadImage | undefined> {
	const node = this.getNode();
	const itemIndex = this.getItemIndex();
	const source = String(this.getNodeParameter(names.source, 'binary'));
	if (source === 'none') return undefined;
	if (source === 'url') {
		return { input: { url: checkHttpUrl(node, String(this.getNodeParameter(names.url, '')), `${label} URL`, itemIndex) }, label };
	}
	if (source === 'base64') {
		const bytes = decodeBase64Image(node, String(this.getNodeParameter(names.base64, '')), itemIndex);
		const info = checkImage(node, bytes, itemIndex, `${label} (Base64)`);
		return { input: { bytes, mime: info.mime }, info, label };
	}
	return await readBinaryImage.call(this, String(this.getNodeParameter(names.binary, 'data')).trim(), label);
}

export async function readBinaryImage(this: IExecuteSingleFunctions, property: string, label: string): Promise<ReadImage> {
	const node = this.getNode();
	const itemIndex = this.getItemIndex();
	if (!this.getInputData().binary?.[property]) throw missingBinary(node, property, Object.keys(this.getInputData().binary ?? {}), itemIndex);
	const bytes = await this.helpers.getBinaryDataBuffer(property);
	const info = checkImage(node, bytes, itemIndex, `binary field "${property}" (${label})`);
	return { input: { bytes, mime: info.mime }, info, label };
}

/** The error for a binary field the item lacks, naming the fields it has. */
export function missingBinary(node: INode, property: string, available: string[], itemIndex: number, what = 'image') {
	return operationError(node, `The input item has no binary field "${property}"`, {
		description: available.length
			? `Binary fields on this item: ${available.join(', ')}. Set the binary field to one of them.`
			: `The item has no binary data at all: put a node that produces the ${what} (e.g. HTTP Request with the response as a file) before this one, or give a URL.`,
		itemIndex,
	});
}

export interface ReferenceImage extends ReadImage {
	subjectId: string;
}

/** The Reference Images list, in its order. */
export async function readReferenceImages(this: IExecuteSingleFunctions): Promise<ReferenceImage[]> {
	const entries = this.getNodeParameter('referenceImages.image', []) as IDataObject[];
	const images: ReferenceImage[] = [];
	for (const [index, entry] of entries.entries()) {
		const label = `Reference Image ${index + 1}`;
		const subjectId = String(entry.subjectId ?? '').trim();
		if (entry.source === 'url') {
			const url = checkHttpUrl(this.getNode(), String(entry.url ?? ''), `${label} URL`, this.getItemIndex());
			images.push({ input: { url }, label, subjectId });
		} else {
			const read = await readBinaryImage.call(this, String(entry.binaryPropertyName ?? 'data').trim() || 'data', label);
			images.push({ ...read, subjectId });
		}
	}
	return images;
}
