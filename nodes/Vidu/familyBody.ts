import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import type { Fail } from './bodyValues';
import { INLINE_IMAGE_MAX_MB, REQUEST_BODY_MAX_BYTES, REQUEST_BODY_MAX_MB, toMegabytes } from './constants';
import { END_FRAME, FIRST_FRAME, LAST_FRAME } from './descriptions/familyInputs';
import { operationError } from './errors';
import { encodeWithImages, imageSlot } from './familyEncoding';
import { readImageInput, readReferenceImages, type ReadImage, type ReferenceImage } from './familyImages';
import { checkFamilyFields } from './familyChecks';
import { CUSTOM_MODEL, customModel, knownModel, MODELS, type Mode, type ModelSpec } from './models/catalogue';
import { FRAME_PAIR_RATIO, REFERENCE_IMAGES } from './models/familyRules';
import { fromProviderDocs } from './models/types';


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
	routedBody: unknown,
): Promise<{ body: IDataObject | Buffer; model: ModelSpec }> {
	const node = this.getNode();
	const itemIndex = this.getItemIndex();
	const fail: Fail = (message, description) => operationError(node, message, { description, itemIndex });
	const model = chosenModel.call(this, fail);
	const body: IDataObject = { ...((routedBody as IDataObject) ?? {}) };
	checkFamilyFields(node, itemIndex, body, model, fail);

	const images: ReadImage[] = [];
	const template: IDataObject = { model: model.id, ...body };
	if (model.mode === 'image' || model.mode === 'startEnd') {
		images.push((await readImageInput.call(this, FIRST_FRAME, model.mode === 'image' ? 'Image' : 'First Frame'))!);
	}
	if (model.mode === 'startEnd') {
		images.push((await readImageInput.call(this, LAST_FRAME, 'Last Frame'))!);
		checkFramePair(images[0], images[1], fail);
	}
	if (model.mode === 'extend') {
		if (template.video_url === undefined && template.video_creation_id === undefined) {
			throw fail('No video to extend: give its URL or its creation ID');
		}
		const end = await readImageInput.call(this, END_FRAME, 'End Frame');
		if (end) images.push(end);
	}
	if (model.mode === 'reference') {
		const references = await readReferenceImages.call(this);
		checkReferences(references, model, fail);
		images.push(...references);
		if (model.subjects && (model.subjects.only || (this.getNodeParameter('asSubjects', false) as boolean))) {
			template.subjects = subjectsOf(references, model, fail);
		}
	}
	if (images.length && template.subjects === undefined) template.images = images.map((_, index) => imageSlot(index));

	const encoded = encodeWithImages(template, images.map((image) => image.input));
	if (encoded.byteLength > REQUEST_BODY_MAX_BYTES) {
		throw fail(
			`The request would be ${toMegabytes(encoded.byteLength)} MB: the API accepts at most ${REQUEST_BODY_MAX_MB} MB`,
			`Every inline image counts, grown by a third when encoded: keep them under about ${INLINE_IMAGE_MAX_MB} MB together, or send some by URL.`,
		);
	}
	return { body: encoded.encode(), model };
}

function checkFramePair(first: ReadImage, last: ReadImage, fail: Fail) {
	if (!first.info || !last.info) return;
	const ratio = first.info.width / first.info.height / (last.info.width / last.info.height);
	if (ratio < FRAME_PAIR_RATIO.min || ratio > FRAME_PAIR_RATIO.max) {
		throw fail(
			`The first frame (${first.info.width}×${first.info.height}) and the last frame (${last.info.width}×${last.info.height}) differ too much in shape`,
			`Their aspect ratios must be within ${FRAME_PAIR_RATIO.min}–${FRAME_PAIR_RATIO.max} of each other (${FRAME_PAIR_RATIO.source}); this pair is ${ratio.toFixed(2)}.`,
		);
	}
}

function checkReferences(references: ReferenceImage[], model: ModelSpec, fail: Fail) {
	const limit = model.images ?? { ...REFERENCE_IMAGES, source: 'family' };
	const enforced = fromProviderDocs(limit);
	if (references.length < Math.max(1, limit.min) || (enforced && references.length > limit.max)) {
		throw fail(`${model.name} takes ${limit.min}–${limit.max} reference images, not ${references.length}`, 'Add them under Reference Images.');
	}
	if (!enforced) return;
	for (const reference of references) {
		const info = reference.info;
		const side = REFERENCE_IMAGES.minPixels;
		if (info && Math.min(info.width, info.height) < side) {
			throw fail(`${reference.label} is ${info.width}×${info.height}: reference images must be at least ${side}×${side} pixels`);
		}
	}
}

/** The images grouped by Subject ID, in the order the subjects first appear. */
function subjectsOf(references: ReferenceImage[], model: ModelSpec, fail: Fail): IDataObject[] {
	const subjects = new Map<string, string[]>();
	references.forEach((reference, index) => {
		if (!reference.subjectId) {
			const why = model.subjects!.only
				? `${model.name} (${model.id}) takes its reference images only as subjects (${model.subjects!.source}): every image names the subject it shows, and the prompt names it as @ID.`
				: 'With Send as Subjects, every image names the subject it shows.';
			throw fail(`${reference.label} has no Subject ID`, why);
		}
		subjects.set(reference.subjectId, [...(subjects.get(reference.subjectId) ?? []), imageSlot(index)]);
	});
	const most = model.subjects!.maxImagesEach;
	for (const [id, images] of subjects) {
		if (fromProviderDocs(model.subjects) && images.length > most) {
			throw fail(`Subject "${id}" has ${images.length} images: at most ${most} per subject are allowed`);
		}
	}
	return [...subjects].map(([id, images]) => ({ id, images }));
}
