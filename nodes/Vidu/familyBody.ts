import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import type { Fail } from './bodyValues';
import { INLINE_IMAGE_MAX_MB, REQUEST_BODY_MAX_BYTES, REQUEST_BODY_MAX_MB, toMegabytes } from './constants';
import { END_FRAME, FIRST_FRAME, LAST_FRAME } from './descriptions/familyInputs';
import { operationError } from './errors';
import { encodeWithImages, imageSlot } from './familyEncoding';
import { readImageInput, type ReadImage } from './familyImages';
import { addReferences } from './familyReferences';
import { checkFamilyFields } from './familyChecks';
import type { RoutedRequest } from './context';
import { probeImageUrl } from './imageUrlProbe';
import { CUSTOM_MODEL, customModel, knownModel, MODELS, type Mode, type ModelSpec } from './models/catalogue';
import { FRAME_PAIR_RATIO } from './models/familyRules';

/** The model a version-2 create is for: a catalogue model, or a custom ID under the chosen mode. */
export function chosenModel(this: IExecuteSingleFunctions, fail: Fail): ModelSpec {
	const mode = String(this.getNodeParameter('videoMode', 'image')) as Mode;
	const id = String(this.getNodeParameter('model', MODELS[0].id));
	if (id !== CUSTOM_MODEL) {
		const known = knownModel(mode, id);
		if (!known) throw fail(`The model "${id}" is not a model of this mode`, 'Pick a model from the list, or Custom Model ID.');
		return known;
	}
	const customId = String(this.getNodeParameter('customModelId', '')).trim();
	if (!customId) throw fail('Custom Model ID is empty', 'Give the model ID the gateway serves, e.g. viduq3_turbo_img2video.');
	return knownModel(mode, customId) ?? customModel(mode, customId);
}

/**
 * Version 2's create body: the routed fields checked for the chosen model, then the images the mode
 * takes. Bad input fails here, before anything is sent.
 */
export async function buildFamilyBody(
	this: IExecuteSingleFunctions,
	routed: RoutedRequest,
): Promise<{ body: IDataObject | Buffer; model: ModelSpec }> {
	const node = this.getNode();
	const itemIndex = this.getItemIndex();
	const fail: Fail = (message, description) => operationError(node, message, { description, itemIndex });
	const model = chosenModel.call(this, fail);
	const body: IDataObject = { ...((routed.body as IDataObject) ?? {}) };
	checkFamilyFields(node, itemIndex, body, model, fail);

	const images: ReadImage[] = [];
	const template: IDataObject = { model: model.id, ...body };
	if (model.mode === 'image' || model.mode === 'startEnd') {
		images.push((await readImageInput.call(this, FIRST_FRAME, model.mode === 'image' ? 'Image' : 'First Frame'))!);
	}
	if (model.mode === 'startEnd') {
		images.push((await readImageInput.call(this, LAST_FRAME, 'Last Frame'))!);
		await checkFramePair.call(this, images[0], images[1], routed, fail);
	}
	if (model.mode === 'extend') {
		if (template.video_url === undefined && template.video_creation_id === undefined) {
			throw fail('No video to extend: give its URL or its creation ID');
		}
		const end = await readImageInput.call(this, END_FRAME, 'End Frame');
		if (end) images.push(end);
	}
	if (model.mode === 'reference') {
		images.push(...(await addReferences.call(this, template, model, fail)));
	}
	if (images.length && template.subjects === undefined && template.images === undefined) template.images = images.map((_, index) => imageSlot(index));

	const encoded = encodeWithImages(template, images.map((image) => image.input));
	if (encoded.byteLength > REQUEST_BODY_MAX_BYTES) {
		throw fail(
			`The request would be ${toMegabytes(encoded.byteLength)} MB: the API accepts at most ${REQUEST_BODY_MAX_MB} MB`,
			`Every inline image or video counts, grown by a third when encoded: keep them under about ${INLINE_IMAGE_MAX_MB} MB together, or send some by URL.`,
		);
	}
	return { body: encoded.encode(), model };
}

/** The pair's shapes, from the bytes at hand or from the start of a URL frame's file; a frame that cannot be read is left to the API. */
async function checkFramePair(this: IExecuteSingleFunctions, first: ReadImage, last: ReadImage, routed: RoutedRequest, fail: Fail) {
	const sizeOf = async (frame: ReadImage) => frame.info ?? ('url' in frame.input ? await probeImageUrl.call(this, frame.input.url, routed) : undefined);
	const firstInfo = await sizeOf(first);
	const lastInfo = firstInfo && (await sizeOf(last));
	if (!firstInfo || !lastInfo) return;
	const ratio = firstInfo.width / firstInfo.height / (lastInfo.width / lastInfo.height);
	if (ratio < FRAME_PAIR_RATIO.min || ratio > FRAME_PAIR_RATIO.max) {
		throw fail(
			`The first frame (${firstInfo.width}×${firstInfo.height}) and the last frame (${lastInfo.width}×${lastInfo.height}) differ too much in shape`,
			`Their aspect ratios must be within ${FRAME_PAIR_RATIO.min}–${FRAME_PAIR_RATIO.max} of each other (${FRAME_PAIR_RATIO.source}); this pair is ${ratio.toFixed(2)}.`,
		);
	}
}
