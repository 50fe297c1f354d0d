import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import type { Fail } from './bodyValues';
import { imageSlot } from './familyEncoding';
import { readReferenceImages, type ReadImage, type ReferenceImage } from './familyImages';
import { readReferenceVideos } from './familyVideos';
import type { ModelSpec } from './models/catalogue';
import { REFERENCE_IMAGES } from './models/familyRules';
import { fromProviderDocs } from './models/types';

/**
 * Reference to Video's part of the body: the reference images, as one list or grouped into subjects, and
 * the reference videos. Returns the images, then the videos, in slot order; `template` gets `images` (or
 * `subjects`) and `videos`.
 */
export async function addReferences(
	this: IExecuteSingleFunctions,
	template: IDataObject,
	model: ModelSpec,
	fail: Fail,
): Promise<ReadImage[]> {
	const references = await readReferenceImages.call(this);
	const videos = await readReferenceVideos.call(this, model, fail);
	checkReferences(references, videos.length, model, fail);
	if (model.subjects && (model.subjects.only || (this.getNodeParameter('asSubjects', false) as boolean))) {
		const voices = template.audio === true && model.subjects.voice ? readSubjectVoices.call(this, fail) : new Map<string, string>();
		template.subjects = subjectsOf(references, voices, model, fail);
	} else {
		template.images = references.map((_, index) => imageSlot(index));
	}
	if (videos.length) template.videos = videos.map((_, index) => imageSlot(references.length + index));
	return [...references, ...videos.map((input, index) => ({ input, label: `Reference Video ${index + 1}` }))];
}

function checkReferences(references: ReferenceImage[], videoCount: number, model: ModelSpec, fail: Fail) {
	const limit = model.images ?? { ...REFERENCE_IMAGES, source: 'family' };
	const enforced = fromProviderDocs(limit);
	if (references.length < Math.max(1, limit.min) || (enforced && references.length > limit.max)) {
		throw fail(`${model.name} takes ${limit.min}–${limit.max} reference images, not ${references.length}`, 'Add them under Reference Images.');
	}
	const withVideos = model.videos?.imagesWithVideos;
	if (videoCount > 0 && withVideos !== undefined && fromProviderDocs(model.videos) && references.length > withVideos) {
		throw fail(
			`${model.name} takes at most ${withVideos} reference images beside reference videos, not ${references.length}`,
			`Remove some images, or the videos (${model.videos!.source}).`,
		);
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

/** Subject Voices: the voice_id of each subject that has one, by Subject ID. */
function readSubjectVoices(this: IExecuteSingleFunctions, fail: Fail): Map<string, string> {
	const entries = this.getNodeParameter('subjectVoices.voice', []) as IDataObject[];
	const voices = new Map<string, string>();
	for (const [index, entry] of entries.entries()) {
		const subjectId = String(entry.subjectId ?? '').trim();
		const voiceId = String(entry.voiceId ?? '').trim();
		if (!voiceId) continue;
		if (!subjectId) throw fail(`Subject Voice ${index + 1} has no Subject ID`, 'Name the subject the voice is for, as its reference images do.');
		if (voices.has(subjectId)) throw fail(`Subject Voices give subject "${subjectId}" two voices`, 'Keep one voice per subject.');
		voices.set(subjectId, voiceId);
	}
	return voices;
}

/** The images grouped by Subject ID, in the order the subjects first appear, each with its voice if it has one. */
function subjectsOf(references: ReferenceImage[], voices: Map<string, string>, model: ModelSpec, fail: Fail): IDataObject[] {
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
	for (const id of voices.keys()) {
		if (!subjects.has(id)) {
			throw fail(`Subject Voices name subject "${id}", which no reference image shows`, `The reference images show: ${[...subjects.keys()].join(', ')}.`);
		}
	}
	return [...subjects].map(([id, images]) => (voices.has(id) ? { id, images, voice_id: voices.get(id) } : { id, images }));
}
