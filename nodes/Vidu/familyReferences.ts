import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import type { Fail } from './bodyValues';
import { imageSlot } from './familyEncoding';
import { readReferenceImages, type ReadImage, type ReferenceImage } from './familyImages';
import type { ModelSpec } from './models/catalogue';
import { REFERENCE_IMAGES } from './models/familyRules';
import { fromProviderDocs } from './models/types';

/**
 * Reference to Video's part of the body: the reference images, as one list or grouped into subjects.
 * Returns the images in slot order; `template` gets `subjects` when they go as subjects.
 */
export async function addReferences(
	this: IExecuteSingleFunctions,
	template: IDataObject,
	model: ModelSpec,
	fail: Fail,
): Promise<ReadImage[]> {
	const references = await readReferenceImages.call(this);
	checkReferences(references, model, fail);
	if (model.subjects && (model.subjects.only || (this.getNodeParameter('asSubjects', false) as boolean))) {
		template.subjects = subjectsOf(references, model, fail);
	}
	return references;
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
