import type { IDataObject, IExecuteSingleFunctions, INode } from 'n8n-workflow';

import {
	DURATION_DEFAULT,
	DURATION_MAX,
	DURATION_MIN,
	INLINE_IMAGE_MAX_MB,
	MODEL_ID,
	MOVEMENT_AMPLITUDES,
	PAYLOAD_MAX_CHARS,
	PAYLOAD_MAX_TEXT,
	PROMPT_MAX_CHARS,
	REQUEST_BODY_MAX_BYTES,
	REQUEST_BODY_MAX_MB,
	RESOLUTIONS,
	toMegabytes,
	WATERMARK_POSITIONS,
} from './constants';
import { oneOf, toBoolean, toWholeNumber } from './bodyValues';
import { operationError } from './errors';
import { checkImage, checkImageUrl, decodeBase64Image } from './image';
import { encodeCreateBody, type ImageInput } from './createBodyEncoding';
import { checkHttpUrl } from './urls';

const BOOLEAN_FIELDS = ['audio', 'is_rec', 'bgm', 'off_peak', 'watermark'];
const OPTIONAL_TEXT_FIELDS = ['prompt', 'voice_id', 'payload', 'wm_url', 'callback_url'];

/**
 * The create body. The routing has put each parameter into the body under its API name; this checks
 * every value against the provider's limits, drops what does not apply, and adds the model and the
 * image, so that bad input fails before anything is sent and costs nothing.
 */
export async function buildCreateBody(this: IExecuteSingleFunctions, routedBody: unknown): Promise<IDataObject | Buffer> {
	const node = this.getNode();
	const itemIndex = this.getItemIndex();
	const fail = (message: string, description?: string) => operationError(node, message, { description, itemIndex });
	const body = { ...((routedBody as IDataObject) ?? {}) };

	for (const field of BOOLEAN_FIELDS) {
		if (body[field] === undefined) continue;
		body[field] = toBoolean(body[field], field, fail);
	}
	for (const field of OPTIONAL_TEXT_FIELDS) {
		if (body[field] === undefined || body[field] === null) delete body[field];
		else if (typeof body[field] !== 'string') body[field] = String(body[field]);
		if (body[field] === '') delete body[field];
	}

	if (typeof body.prompt === 'string' && [...body.prompt].length > PROMPT_MAX_CHARS) {
		throw fail(`Prompt is ${[...body.prompt].length} characters long: at most ${PROMPT_MAX_CHARS} are allowed`);
	}
	if (typeof body.payload === 'string' && body.payload.length > PAYLOAD_MAX_CHARS) {
		throw fail(`Payload is ${body.payload.length} characters long: at most ${PAYLOAD_MAX_TEXT} are allowed`);
	}
	body.duration = toWholeNumber(body.duration ?? DURATION_DEFAULT, 'Duration', DURATION_MIN, DURATION_MAX, fail);
	if (body.seed !== undefined) {
		body.seed = toWholeNumber(body.seed, 'Seed', 0, Number.MAX_SAFE_INTEGER, fail);
		if (body.seed === 0) delete body.seed;
	}
	if (body.wm_position !== undefined) {
		body.wm_position = toWholeNumber(body.wm_position, 'Watermark Position', 1, WATERMARK_POSITIONS.length, fail);
	}
	oneOf(body, 'resolution', RESOLUTIONS, 'Resolution', fail);
	oneOf(body, 'movement_amplitude', MOVEMENT_AMPLITUDES, 'Movement Amplitude', fail);
	if (body.audio !== true) delete body.voice_id;
	if (body.watermark !== true) {
		delete body.wm_position;
		delete body.wm_url;
	}
	if (body.off_peak === true && body.audio === true) {
		throw fail('Off-Peak Mode cannot be combined with Audio', 'The provider does not generate audio in off-peak mode: turn one of them off.');
	}
	for (const [field, label] of [
		['wm_url', 'Watermark Image URL'],
		['callback_url', 'Callback URL'],
	]) {
		if (typeof body[field] === 'string') body[field] = checkHttpUrl(node, body[field] as string, label, itemIndex);
	}

	const image = await readImage.call(this, node, itemIndex);
	const encoded = encodeCreateBody({ model: MODEL_ID, ...body }, image);
	if (encoded.byteLength > REQUEST_BODY_MAX_BYTES) {
		throw fail(
			`The request would be ${toMegabytes(encoded.byteLength)} MB: the API accepts at most ${REQUEST_BODY_MAX_MB} MB`,
			`An inline image grows by a third when encoded, so keep it under about ${INLINE_IMAGE_MAX_MB} MB, or choose Image Source "URL" to send a link instead.`,
		);
	}
	return encoded.encode();
}

async function readImage(this: IExecuteSingleFunctions, node: INode, itemIndex: number): Promise<ImageInput> {
	const source = this.getNodeParameter('imageSource', 'binary') as string;
	if (source === 'url') {
		return { url: checkImageUrl(node, String(this.getNodeParameter('imageUrl', '')), itemIndex) };
	}
	if (source === 'base64') {
		const text = String(this.getNodeParameter('imageBase64', ''));
		const bytes = decodeBase64Image(node, text, itemIndex);
		return { bytes, mime: checkImage(node, bytes, itemIndex, 'Image (Base64)').mime };
	}
	const property = String(this.getNodeParameter('binaryPropertyName', 'data')).trim();
	const binary = this.getInputData().binary?.[property];
	if (!binary) {
		const available = Object.keys(this.getInputData().binary ?? {});
		throw operationError(node, `The input item has no binary field "${property}"`, {
			description: available.length
				? `Binary fields on this item: ${available.join(', ')}. Set Input Binary Field to one of them.`
				: 'The item has no binary data at all: put a node that produces the image (e.g. HTTP Request with the response as a file) before this one, or choose another Image Source.',
			itemIndex,
		});
	}
	const bytes = await this.helpers.getBinaryDataBuffer(property);
	return { bytes, mime: checkImage(node, bytes, itemIndex, `binary field "${property}"`).mime };
}
