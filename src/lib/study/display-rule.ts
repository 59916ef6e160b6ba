import { checkDisplayable, type NotDisplayable } from '$lib/dicom';
import type { StudyCover } from './records';
import type { InstanceSummary } from './records';

/**
 * Which images the viewer shows of a series and which one a study opens on: one rule for the viewer, the study's
 * opening (src/lib/viewer/opening.ts) and the recount that stores each study's cover (StudyStore).
 */

/** Whether the viewer can show an instance, from its stored header fields. */
export function displayCheck(
	instance: Pick<InstanceSummary, 'kind' | 'TransferSyntaxUID' | 'SOPClassUID' | 'instance'>
) {
	return checkDisplayable({
		kind: instance.kind,
		TransferSyntaxUID: instance.TransferSyntaxUID,
		SOPClassUID: instance.SOPClassUID,
		...instance.instance
	});
}

export interface NotShown {
	name: string;
	reason: NotDisplayable;
}

/**
 * What the viewer shows of a series (in order) and why it leaves the rest out. Reports (PDF, SR) are not images
 * and are shown elsewhere, so they are neither shown nor "not shown".
 */
export function shownOf(instances: InstanceSummary[]): {
	shown: InstanceSummary[];
	notShown: NotShown[];
} {
	const shown: InstanceSummary[] = [];
	const notShown: NotShown[] = [];
	for (const instance of instances) {
		const check = displayCheck(instance);
		if (check.ok) shown.push(instance);
		else if (instance.kind === 'image' || instance.kind === 'other') {
			notShown.push({ name: instance.fileName, reason: check.reason });
		}
	}
	return { shown, notShown };
}

/** The image a series opens on: the middle one, where the anatomy is (as radiology viewers open a volume). */
export const firstShownIndex = (shownCount: number) => Math.floor(shownCount / 2);

/** Whether a listing holds any image (anything but a report), which makes its series one the viewer opens. */
export const hasImages = (instances: InstanceSummary[]) =>
	instances.some((i) => i.kind !== 'pdf' && i.kind !== 'sr');

/** The image a series opens on, if it has one the viewer can show. */
export function openingInstance(instances: InstanceSummary[]): InstanceSummary | undefined {
	const { shown } = shownOf(instances);
	return shown[firstShownIndex(shown.length)];
}

/**
 * A study's cover: the opening image of its first series (in series order) holding images. Undefined when that
 * series has no image the viewer can show (it then opens on its reasons), or the study has no images.
 */
export function coverOf(
	series: { id: string; instances: InstanceSummary[] }[]
): StudyCover | undefined {
	const first = series.find((s) => hasImages(s.instances));
	const instance = first && openingInstance(first.instances);
	return instance
		? { seriesId: first.id, instanceId: instance.id, TransferSyntaxUID: instance.TransferSyntaxUID }
		: undefined;
}
