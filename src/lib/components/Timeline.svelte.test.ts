import { flushSync, mount, unmount } from 'svelte';
import { describe, expect, it } from 'vitest';
import { type StudySummary } from '$lib/study';
import Timeline from './Timeline.svelte';

function study(i: number): StudySummary {
	const year = 2000 + (i % 25);
	return {
		id: `id${i}`,
		v: 1,
		StudyInstanceUID: `1.2.${i}`,
		patient: {
			PatientName: 'DOE^JANE',
			PatientID: 'P1',
			PatientBirthDate: '',
			PatientSex: 'F',
			IssuerOfPatientID: ''
		},
		study: {
			StudyDate: `${year}0${(i % 9) + 1}1${i % 10}`,
			StudyTime: '',
			StudyDescription: i === 500 ? 'Needle in the haystack' : `Study number ${i}`,
			AccessionNumber: '',
			StudyID: '',
			ReferringPhysicianName: '',
			InstitutionName: 'General Hospital'
		},
		modalities: [i % 2 ? 'CT' : 'MR'],
		bodyParts: [],
		sources: [{ kind: 'cd', label: 'CD', at: '2026-01-01' }],
		complete: true,
		seriesCount: 1,
		imageCount: 10,
		reportCount: 0,
		instanceCount: 10,
		addedAt: '2026-01-01',
		updatedAt: '2026-01-01'
	};
}

describe('Timeline with 1,000 studies', () => {
	it('renders only the rows in view, scrolls, and searches all of them', async () => {
		const target = document.createElement('div');
		document.body.append(target);
		const studies = Array.from({ length: 1000 }, (_, i) => study(i));
		const component = mount(Timeline, { target, props: { studies } });
		flushSync();
		const list = target.querySelector('[aria-label="Imaging history"]')!;
		const rendered = list.querySelectorAll('li').length;
		expect(rendered).toBeGreaterThan(3);
		expect(rendered).toBeLessThan(40);
		expect(list.querySelector('li')!.getAttribute('aria-setsize')).toBe('1000');

		const scroller = target.querySelector('.scroller') as HTMLElement;
		scroller.scrollTop = 50_000;
		scroller.dispatchEvent(new Event('scroll'));
		flushSync();
		const positions = [...list.querySelectorAll('li')].map((li) =>
			Number(li.getAttribute('aria-posinset'))
		);
		// Far from the top, wherever the row height lands at this viewport width.
		expect(Math.min(...positions)).toBeGreaterThan(300);
		expect(positions.length).toBeLessThan(40);

		const search = target.querySelector('input') as HTMLInputElement;
		search.value = 'needle';
		search.dispatchEvent(new Event('input'));
		flushSync();
		await new Promise((r) => requestAnimationFrame(r));
		flushSync();
		expect(target.textContent).toContain('1 of 1000 studies match');
		expect(list.textContent ?? target.textContent).toContain('Needle in the haystack');
		await unmount(component);
		target.remove();
	});
});
