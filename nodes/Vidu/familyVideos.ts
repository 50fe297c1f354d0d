import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import type { Fail } from './bodyValues';
import { MB, toMegabytes } from './constants';
import { missingBinary } from './familyImages';
import type { ImageInput } from './createBodyEncoding';
import type { ModelSpec } from './models/catalogue';
import { fromProviderDocs } from './models/types';
import { checkHttpUrl } from './urls';

const VIDEO_FORMATS = 'MP4, MOV or AVI';

/** The content type of an MP4, MOV or AVI file, read from its first bytes; undefined for anything else. */
export function videoMime(bytes: Buffer): string | undefined {
	if (bytes.length < 12) return undefined;
	const at = (from: number) => bytes.toString('latin1', from, from + 4);
	if (at(4) === 'ftyp') return at(8) === 'qt  ' ? 'video/quicktime' : 'video/mp4';
	if (at(0) === 'RIFF' && at(8) === 'AVI ') return 'video/x-msvideo';
	return undefined;
}

/** The Reference Videos list, in its order: URLs, or inline bytes with their content type. */
export async function readReferenceVideos(this: IExecuteSingleFunctions, model: ModelSpec, fail: Fail): Promise<ImageInput[]> {
	const limit = model.videos;
	if (!limit) return [];
	const entries = this.getNodeParameter('referenceVideos.video', []) as IDataObject[];
	const enforced = fromProviderDocs(limit);
	if (enforced && entries.length > limit.max) {
		throw fail(`${model.name} takes at most ${limit.max} reference videos, not ${entries.length}`, `Remove some under Reference Videos (${limit.source}).`);
	}
	const videos: ImageInput[] = [];
	for (const [index, entry] of entries.entries()) {
		const label = `Reference Video ${index + 1}`;
		if (entry.source === 'url') {
			videos.push({ url: checkHttpUrl(this.getNode(), String(entry.url ?? ''), `${label} URL`, this.getItemIndex()) });
			continue;
		}
		const property = String(entry.binaryPropertyName ?? 'data').trim() || 'data';
		const binary = this.getInputData().binary ?? {};
		if (!binary[property]) throw missingBinary(this.getNode(), property, Object.keys(binary), this.getItemIndex(), 'video');
		const field = `${label} (binary field "${property}")`;
		const tooLarge = (size: number) =>
			fail(`${field} is ${toMegabytes(size)} MB: a video sent inline must be under ${limit.inlineMaxMb} MB (${limit.source})`, 'Give a larger video (up to 100 MB) by URL.');
		// n8n records the size of a stored binary: a video too large to send is refused without loading it.
		const recorded = binary[property].bytes;
		if (enforced && typeof recorded === 'number' && recorded >= limit.inlineMaxMb * MB) throw tooLarge(recorded);
		const bytes = await this.helpers.getBinaryDataBuffer(property);
		const mime = videoMime(bytes);
		if (!mime) {
			throw fail(`${field} is not an ${VIDEO_FORMATS} video`, `${model.name} takes reference videos as mp4, avi or mov (${limit.source}).`);
		}
		if (enforced && bytes.length >= limit.inlineMaxMb * MB) throw tooLarge(bytes.length);
		videos.push({ bytes, mime });
	}
	return videos;
}
