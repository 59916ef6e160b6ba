import type { GlossarySourceId } from './sources';

/**
 * The glossary Radfolio ships (format version 1): radiology words as patients meet them in reports, each explained in
 * plain words for a reader of about 12, and the reference its meaning was checked against (sources.ts). The wording
 * is Radfolio's own. A row is `[spellings, explanation, source]`: spellings are `|`-separated, the first is the
 * headword, the others are forms matched in a report (plurals, adjectives, abbreviations). Matching ignores case.
 *
 * Entries explain words, never a patient's diagnosis: the app says so wherever they show.
 */
export const GLOSSARY_VERSION = 1;

export type GlossaryRow = readonly [spellings: string, plain: string, source: GlossarySourceId];

export const GLOSSARY_ROWS: readonly GlossaryRow[] = [
	// Words used in every kind of report
	['unremarkable', 'Normal. Nothing unusual was seen.', 'radiologyinfo'],
	[
		'within normal limits|WNL',
		'Normal. It is in the range expected for a healthy person.',
		'medlineplus'
	],
	['no acute findings|no acute abnormality', 'Nothing new or urgent was seen.', 'radiologyinfo'],
	['acute', 'Sudden or new. It started recently.', 'medlineplus'],
	['chronic', 'Long-lasting. It has been there for a long time.', 'medlineplus'],
	['subacute', 'Between new and long-lasting. It started days or weeks ago.', 'medlineplus'],
	['benign', 'Not cancer. It does not spread to other parts of the body.', 'nci'],
	['malignant|malignancy', 'Cancer. It can grow into nearby parts and spread in the body.', 'nci'],
	[
		'lesion|lesions',
		'An area that looks different from the tissue around it. It is a general word. It does not say what the area is.',
		'radiologyinfo'
	],
	['mass|masses', 'A lump or growth. The word alone does not say if it is cancer or not.', 'nci'],
	[
		'nodule|nodules|nodular',
		'A small, round spot or lump. Most are harmless, but some are checked again later.',
		'fleischner'
	],
	[
		'cyst|cysts|cystic',
		'A small sac filled with fluid or air. Most cysts are harmless.',
		'medlineplus'
	],
	[
		'simple cyst',
		'A thin-walled sac filled only with clear fluid. It is almost always harmless.',
		'radiologyinfo'
	],
	[
		'complex cyst',
		'A fluid-filled sac with thick walls, inside walls, or solid parts. Doctors may check it again.',
		'radiologyinfo'
	],
	['solid', 'Made of tissue, not fluid.', 'radiologyinfo'],
	['focal', 'In one small spot only.', 'radiologyinfo'],
	['diffuse|diffusely', 'Spread out over a large area, not in just one spot.', 'radiologyinfo'],
	[
		'incidental|incidentaloma',
		'Found by chance while looking for something else.',
		'radiologyinfo'
	],
	[
		'finding|findings',
		'Something the radiologist saw and wrote down. It can be normal or not.',
		'radiologyinfo'
	],
	[
		'impression',
		'The summary at the end of a report. It gives the most important results.',
		'radiologyinfo'
	],
	['indication|clinical indication', 'The reason the scan was done.', 'radiologyinfo'],
	['comparison', 'Older scans the radiologist looked at to see what has changed.', 'radiologyinfo'],
	[
		'technique',
		'How the scan was done, for example which machine and settings were used.',
		'radiologyinfo'
	],
	['stable', 'Not changed since the last scan.', 'radiologyinfo'],
	['interval change', 'The change between this scan and an earlier one.', 'radiologyinfo'],
	['progression|progressive', 'Getting bigger or worse over time.', 'nci'],
	['regression|regressed', 'Getting smaller or better over time.', 'nci'],
	['resolved|resolution', 'Gone. It is no longer seen.', 'medlineplus'],
	['persistent', 'Still there, as it was on an earlier scan.', 'radiologyinfo'],
	[
		'nonspecific|non-specific',
		'It could have more than one cause, so the scan alone cannot say which.',
		'radiologyinfo'
	],
	[
		'indeterminate',
		'The scan cannot tell for sure what it is. More tests or a later scan may help.',
		'radiologyinfo'
	],
	[
		'suspicious',
		'It looks like it could be a problem, such as cancer. More tests are often needed.',
		'nci'
	],
	[
		'cannot be excluded|not excluded|cannot be ruled out',
		'The scan cannot show for sure that it is not there.',
		'radiologyinfo'
	],
	[
		'correlation|clinical correlation|correlate clinically',
		'The radiologist asks your doctor to compare this result with your symptoms, exam and other tests.',
		'radiologyinfo'
	],
	[
		'follow-up|follow up',
		'Another check later, often a repeat scan, to see if anything changes.',
		'radiologyinfo'
	],
	[
		'differential diagnosis|differential',
		'A list of possible causes for what was seen.',
		'medlineplus'
	],
	['etiology', 'The cause of a problem.', 'medlineplus'],
	['idiopathic', 'Without a known cause.', 'medlineplus'],
	[
		'artifact|artifacts|artefact',
		'Something on the picture that is not really in the body. It can come from movement, metal or the machine.',
		'radiologyinfo'
	],
	[
		'motion artifact',
		'Blur on the pictures because the body moved during the scan.',
		'radiologyinfo'
	],
	[
		'limited study|limited examination',
		'The pictures could not show everything well, for example because of movement.',
		'radiologyinfo'
	],
	['grossly', 'Looking at the whole, without fine detail.', 'radiologyinfo'],
	[
		'prominent',
		'A bit larger or easier to see than usual. It is often still normal.',
		'radiologyinfo'
	],
	['scattered', 'Spread here and there, not in one place.', 'radiologyinfo'],
	['multifocal', 'Found in more than one spot.', 'nci'],
	['bilateral|bilaterally', 'On both sides of the body.', 'medlineplus'],
	['unilateral', 'On one side of the body only.', 'medlineplus'],
	['ipsilateral', 'On the same side of the body.', 'medlineplus'],
	['contralateral', 'On the other side of the body.', 'medlineplus'],
	['anterior', 'Toward the front of the body.', 'medlineplus'],
	['posterior', 'Toward the back of the body.', 'medlineplus'],
	['superior', 'Higher up, toward the head.', 'medlineplus'],
	['inferior', 'Lower down, toward the feet.', 'medlineplus'],
	['medial', 'Closer to the middle line of the body.', 'medlineplus'],
	['lateral', 'Farther from the middle line of the body, toward the side.', 'medlineplus'],
	['proximal', 'Closer to the center of the body or to where a part starts.', 'medlineplus'],
	['distal', 'Farther from the center of the body or from where a part starts.', 'medlineplus'],
	['superficial', 'Near the surface of the body.', 'medlineplus'],
	['dorsal', 'Toward the back, or the top of the hand or foot.', 'medlineplus'],
	['ventral', 'Toward the belly side of the body.', 'medlineplus'],
	['axial', 'Slices across the body, as if cutting a loaf of bread.', 'radiologyinfo'],
	['coronal', 'Slices from front to back, as if looking at a person facing you.', 'radiologyinfo'],
	[
		'sagittal',
		'Slices from side to side, as if looking at a person from the side.',
		'radiologyinfo'
	],
	['midline', 'The middle line that splits the body into left and right halves.', 'medlineplus'],
	[
		'subcentimeter',
		'Smaller than one centimeter, which is less than half an inch.',
		'radiologyinfo'
	],
	['millimeter|mm', 'A tiny unit of length. Ten millimeters make one centimeter.', 'medlineplus'],
	[
		'centimeter|cm',
		'A unit of length. One inch is about two and a half centimeters.',
		'medlineplus'
	],
	[
		'calcification|calcifications|calcified',
		'A small deposit of calcium, the mineral in bones. It shows up bright. Most are harmless.',
		'radiologyinfo'
	],
	['hyperdense|hyperdensity', 'Brighter than the tissue around it on a CT scan.', 'radiologyinfo'],
	[
		'hypodense|hypodensity',
		'Darker than the tissue around it on a CT scan. Fluid often looks this way.',
		'radiologyinfo'
	],
	['isodense', 'The same brightness as the tissue around it on a CT scan.', 'radiologyinfo'],
	[
		'hyperintense|hyperintensity|hyperintensities',
		'Brighter than the tissue around it on an MRI scan.',
		'radiologyinfo'
	],
	[
		'hypointense|hypointensity',
		'Darker than the tissue around it on an MRI scan.',
		'radiologyinfo'
	],
	['isointense', 'The same brightness as the tissue around it on an MRI scan.', 'radiologyinfo'],
	[
		'hyperechoic|echogenic',
		'Brighter than the tissue around it on an ultrasound.',
		'radiologyinfo'
	],
	['hypoechoic', 'Darker than the tissue around it on an ultrasound.', 'radiologyinfo'],
	[
		'anechoic',
		'Completely black on an ultrasound. This usually means clear fluid.',
		'radiologyinfo'
	],
	['isoechoic', 'The same brightness as the tissue around it on an ultrasound.', 'radiologyinfo'],
	[
		'heterogeneous',
		'Not the same all through. Some parts look different from others.',
		'radiologyinfo'
	],
	['homogeneous', 'The same all through.', 'radiologyinfo'],
	[
		'attenuation',
		'How much a tissue blocks x-rays. It decides how bright the tissue looks on CT.',
		'radiologyinfo'
	],
	['density|densities', 'How bright or solid something looks on an x-ray or CT.', 'radiologyinfo'],
	[
		'opacity|opacities|opacification',
		'An area that looks whiter than normal on an x-ray or CT. In the lungs it can mean fluid, infection or scarring.',
		'fleischner'
	],
	[
		'lucency|lucent|radiolucent',
		'An area that looks darker than normal on an x-ray, because x-rays pass through it more easily.',
		'radiologyinfo'
	],
	[
		'enhancement|enhancing|enhances',
		'An area that gets brighter after contrast dye is given. It shows where blood flows.',
		'radiologyinfo'
	],
	[
		'nonenhancing|non-enhancing',
		'It does not get brighter after contrast dye. It often means fluid or tissue with little blood flow.',
		'radiologyinfo'
	],
	[
		'restricted diffusion|diffusion restriction',
		'An MRI sign that water cannot move freely in an area. It can be seen with a new stroke, an infection or some tumors.',
		'radiologyinfo'
	],
	[
		'signal abnormality|abnormal signal',
		'How bright or dark a tissue looks on MRI.',
		'radiologyinfo'
	],
	['morphology', 'The shape and structure of something.', 'medlineplus'],
	['contour|contours', 'The outline or edge of something.', 'radiologyinfo'],
	['margin|margins', 'The edge of a spot or lump. Smooth edges are more often harmless.', 'nci'],
	['well-circumscribed|well-defined|circumscribed', 'With a clear, sharp edge.', 'radiologyinfo'],
	['ill-defined|poorly defined', 'With a blurry edge that is hard to see.', 'radiologyinfo'],
	[
		'spiculated|spiculation',
		'With thin spikes coming out from the edge. Doctors look more closely at spots like this.',
		'birads'
	],
	['lobulated', 'With a bumpy edge, made of rounded parts.', 'radiologyinfo'],
	['septated|septation|septations', 'Divided inside by thin walls.', 'radiologyinfo'],
	[
		'infiltrate|infiltrates',
		'A cloudy area in the lungs, often from infection or fluid.',
		'fleischner'
	],
	['thickening|thickened', 'Thicker than normal.', 'radiologyinfo'],
	['dilated|dilatation|dilation|ectasia|ectatic', 'Wider or larger than normal.', 'medlineplus'],
	['narrowing|narrowed', 'Less wide than normal.', 'medlineplus'],
	[
		'stenosis|stenoses|stenotic',
		'A narrowing of a tube in the body, such as a blood vessel or the spinal canal.',
		'medlineplus'
	],
	[
		'occlusion|occluded',
		'A complete blockage of a tube in the body, such as a blood vessel.',
		'medlineplus'
	],
	['obstruction|obstructed|obstructive', 'A blockage that stops or slows flow.', 'medlineplus'],
	['patent|patency', 'Open, with nothing blocking it.', 'medlineplus'],
	['compression|compressed', 'Pressed or squeezed by something nearby.', 'medlineplus'],
	['displacement|displaced', 'Moved out of its normal place.', 'medlineplus'],
	[
		'herniation|hernia|herniated',
		'When a part of the body pushes through a weak spot into a place where it does not belong.',
		'medlineplus'
	],
	[
		'effusion|effusions',
		'Extra fluid that has collected in a space in the body, such as around a lung or in a joint.',
		'medlineplus'
	],
	['fluid collection|fluid collections', 'A pocket of fluid in the body.', 'radiologyinfo'],
	['edema|oedema|edematous', 'Swelling caused by extra fluid in tissue.', 'medlineplus'],
	[
		'inflammation|inflammatory|inflamed',
		'The body’s response to injury or infection. It can cause swelling, redness and pain.',
		'medlineplus'
	],
	[
		'infection|infectious',
		'Illness caused by germs such as bacteria, viruses or fungi.',
		'medlineplus'
	],
	['abscess|abscesses', 'A pocket of pus, usually from an infection.', 'medlineplus'],
	[
		'fistula',
		'An abnormal tunnel that connects two parts of the body that are not normally connected.',
		'medlineplus'
	],
	['necrosis|necrotic', 'Dead tissue.', 'medlineplus'],
	['fibrosis|fibrotic', 'Scar tissue. It makes tissue stiff and thick.', 'medlineplus'],
	['scarring|scar', 'Tissue that forms when the body heals an injury.', 'medlineplus'],
	['atrophy|atrophic', 'Shrinking of a body part, often from age or less use.', 'medlineplus'],
	[
		'hypertrophy|hypertrophic',
		'Growth of a body part because its cells got bigger.',
		'medlineplus'
	],
	[
		'hyperplasia',
		'Growth of a body part because it has more cells than usual. It is not cancer.',
		'nci'
	],
	['enlarged|enlargement', 'Bigger than normal.', 'medlineplus'],
	['degenerative|degeneration', 'Wear and tear, often from age.', 'radiologyinfo'],
	['postoperative|post-operative|postsurgical', 'It means after surgery.', 'medlineplus'],
	['status post|s/p', 'After. It names a surgery or treatment you had before.', 'medlineplus'],
	['congenital', 'Present from birth.', 'medlineplus'],
	[
		'anomaly|anomalies|variant|normal variant',
		'Different from the usual, often from birth. A normal variant is harmless.',
		'radiologyinfo'
	],
	['hemorrhage|haemorrhage|hemorrhagic|bleed', 'Bleeding.', 'medlineplus'],
	[
		'hematoma|haematoma',
		'A collection of blood outside blood vessels, like a deep bruise.',
		'medlineplus'
	],
	['ischemia|ischemic|ischaemia', 'Not enough blood flow to a part of the body.', 'medlineplus'],
	[
		'infarct|infarction|infarcts',
		'An area of tissue that died because its blood supply was cut off.',
		'medlineplus'
	],
	['thrombus|thrombosis|clot', 'A blood clot inside a blood vessel.', 'medlineplus'],
	[
		'embolus|embolism|emboli',
		'A clot or other plug that traveled through the blood and got stuck in a vessel.',
		'medlineplus'
	],
	[
		'aneurysm|aneurysmal',
		'A bulge in the wall of a blood vessel, like a weak spot in a balloon.',
		'medlineplus'
	],
	[
		'atherosclerosis|atherosclerotic|plaque',
		'Fatty deposits in the walls of arteries that can narrow them.',
		'medlineplus'
	],
	['vascular', 'About blood vessels.', 'medlineplus'],
	['perfusion', 'Blood flow through tissue.', 'radiologyinfo'],
	[
		'lymph node|lymph nodes|node|nodes',
		'Small bean-shaped parts of the immune system. They can swell with infection or other illness.',
		'nci'
	],
	[
		'lymphadenopathy|adenopathy',
		'Lymph nodes that are larger than normal. Infection is a common cause.',
		'medlineplus'
	],
	[
		'short axis|short-axis',
		'The width of something measured across its shortest side. Lymph nodes are often measured this way.',
		'radiologyinfo'
	],
	['parenchyma|parenchymal', 'The main working tissue of an organ.', 'medlineplus'],
	[
		'cortex|cortical',
		'The outer layer of an organ, such as the brain, kidney or bone.',
		'medlineplus'
	],
	['medulla|medullary', 'The inner part of an organ.', 'medlineplus'],
	['lumen|luminal', 'The space inside a tube, such as a blood vessel or the bowel.', 'medlineplus'],
	[
		'mucosa|mucosal',
		'The soft, wet lining inside body parts like the nose, mouth or bowel.',
		'medlineplus'
	],
	[
		'soft tissue|soft tissues',
		'Parts of the body that are not bone, such as muscle, fat and skin.',
		'radiologyinfo'
	],
	['subcutaneous', 'Under the skin.', 'medlineplus'],
	[
		'fat stranding|stranding',
		'Hazy lines in fat on CT. It often goes with inflammation nearby.',
		'radiologyinfo'
	],
	[
		'free fluid',
		'Loose fluid in the belly or pelvis. A small amount can be normal.',
		'radiologyinfo'
	],
	[
		'free air|pneumoperitoneum',
		'Air in the belly outside the bowel. It can mean a hole in the bowel and needs quick care.',
		'radiologyinfo'
	],
	[
		'metastasis|metastases|metastatic|mets',
		'Cancer that has spread from where it started to another part of the body.',
		'nci'
	],
	[
		'neoplasm|neoplastic|neoplasia',
		'A growth of cells that is not normal. It can be cancer or not.',
		'nci'
	],
	['tumor|tumour|tumors', 'A growth of tissue. It can be cancer or not cancer.', 'nci'],
	['carcinoma', 'A cancer that starts in the cells that line organs or skin.', 'nci'],
	['sarcoma', 'A cancer that starts in bone, muscle, fat or other connective tissue.', 'nci'],
	['lymphoma', 'A cancer of the immune system that often starts in lymph nodes.', 'nci'],
	['adenoma', 'A growth in a gland that is not cancer.', 'nci'],
	['lipoma', 'A soft lump made of fat. It is not cancer.', 'nci'],
	[
		'hemangioma|haemangioma',
		'A harmless growth made of blood vessels. It is common in the liver.',
		'radiologyinfo'
	],
	[
		'fibroid|fibroids|leiomyoma',
		'A growth of muscle in the womb that is not cancer. It is very common.',
		'medlineplus'
	],
	['staging', 'Finding out how big a cancer is and whether it has spread.', 'nci'],
	['biopsy', 'Taking a small piece of tissue to look at under a microscope.', 'nci'],
	[
		'recommend|recommended|recommendation',
		'What the radiologist suggests next, such as another test. Your doctor decides with you.',
		'radiologyinfo'
	],

	// How the pictures are made
	[
		'radiograph|radiographs|radiography|x-ray|xray|plain film',
		'A picture made with a small dose of x-rays. Bones look white and air looks black.',
		'radiologyinfo'
	],
	[
		'computed tomography|CT|CAT scan|CT scan',
		'A scan that uses x-rays from many angles to make slices of the inside of the body.',
		'radiologyinfo'
	],
	[
		'magnetic resonance imaging|MRI|MR',
		'A scan that uses a strong magnet and radio waves, not x-rays, to make detailed pictures.',
		'radiologyinfo'
	],
	[
		'ultrasound|sonography|sonogram|US',
		'Pictures made with sound waves that are too high to hear. It uses no radiation.',
		'radiologyinfo'
	],
	['doppler', 'An ultrasound method that shows blood moving in vessels.', 'radiologyinfo'],
	[
		'mammogram|mammography',
		'An x-ray picture of the breast, used to find breast cancer early.',
		'radiologyinfo'
	],
	[
		'tomosynthesis|3D mammogram|DBT',
		'A mammogram made of many thin pictures, so overlapping tissue is easier to see through.',
		'radiologyinfo'
	],
	[
		'positron emission tomography|PET|PET/CT|PET-CT',
		'A scan that uses a small amount of a radioactive sugar to show how active tissues are.',
		'radiologyinfo'
	],
	[
		'FDG|fluorodeoxyglucose',
		'A radioactive sugar used in PET scans. Very active cells, like many cancers, take up more of it.',
		'radiologyinfo'
	],
	[
		'SUV|standardized uptake value|SUVmax',
		'A number from a PET scan that tells how much of the tracer a spot took up.',
		'radiologyinfo'
	],
	[
		'uptake|avid|FDG-avid|hypermetabolic',
		'How much of a tracer a spot takes in on a PET or nuclear scan. High uptake means the tissue is very active.',
		'radiologyinfo'
	],
	[
		'nuclear medicine|scintigraphy',
		'Scans that use a small amount of a radioactive tracer to show how organs work.',
		'radiologyinfo'
	],
	[
		'fluoroscopy',
		'A live x-ray movie, used to watch things move inside the body.',
		'radiologyinfo'
	],
	[
		'angiography|angiogram|CTA|MRA',
		'Pictures of blood vessels, often made with contrast dye.',
		'radiologyinfo'
	],
	[
		'DEXA|DXA|bone density scan',
		'A low-dose x-ray test that measures how strong your bones are.',
		'radiologyinfo'
	],
	[
		'T-score',
		'A bone density number that compares your bones to a healthy young adult. Below -2.5 means osteoporosis.',
		'radiologyinfo'
	],
	[
		'contrast|contrast agent|contrast dye|contrast material',
		'A dye given by vein, by mouth or in other ways to make some parts show up better on the pictures.',
		'radiologyinfo'
	],
	['gadolinium', 'A contrast dye used in MRI scans.', 'radiologyinfo'],
	[
		'iodinated contrast|iodine contrast',
		'A contrast dye with iodine, used in CT scans and x-ray tests.',
		'radiologyinfo'
	],
	['intravenous', 'Given into a vein.', 'medlineplus'],
	[
		'noncontrast|non-contrast|without contrast|unenhanced',
		'Done without contrast dye.',
		'radiologyinfo'
	],
	[
		'arterial phase',
		'Pictures taken soon after contrast dye is given, while it fills the arteries.',
		'radiologyinfo'
	],
	[
		'portal venous phase|venous phase',
		'Pictures taken a little later after contrast dye, when it has reached the veins and organs.',
		'radiologyinfo'
	],
	[
		'delayed phase|delayed images',
		'Pictures taken several minutes after contrast dye is given.',
		'radiologyinfo'
	],
	[
		'T1|T1-weighted',
		'One kind of MRI picture. Fat looks bright and water looks dark.',
		'radiologyinfo'
	],
	['T2|T2-weighted', 'One kind of MRI picture. Water and fluid look bright.', 'radiologyinfo'],
	[
		'FLAIR',
		'An MRI picture where normal brain fluid looks dark, so swelling or scars near it are easier to see.',
		'radiologyinfo'
	],
	[
		'DWI|diffusion-weighted',
		'An MRI picture that shows how freely water moves in tissue. It helps find a new stroke.',
		'radiologyinfo'
	],
	[
		'ADC|apparent diffusion coefficient',
		'An MRI map that goes with diffusion pictures and helps read them.',
		'radiologyinfo'
	],
	[
		'STIR|fat-suppressed|fat suppression|fat-saturated|fat sat',
		'An MRI picture where fat is made dark, so swelling stands out.',
		'radiologyinfo'
	],
	[
		'Hounsfield units|HU',
		'A number that tells how dense a tissue is on CT. Water is 0, air is about -1000 and bone is high.',
		'radiologyinfo'
	],
	['slice thickness', 'How thick each picture slice of a scan is.', 'dicom'],
	[
		'window level|windowing|window settings',
		'The brightness and contrast settings used to look at a scan. Different settings show bone, lung or soft tissue best.',
		'dicom'
	],
	[
		'reconstruction|reconstructions|reformat|reformats|MPR',
		'New views made by a computer from the scan slices, for example from the side.',
		'radiologyinfo'
	],
	[
		'DICOM',
		'The standard file format for medical images. It keeps the picture and details about it together.',
		'dicom'
	],
	['PACS', 'The computer system a hospital uses to store and show medical images.', 'dicom'],
	[
		'radiation dose|mGy|mSv|DLP|CTDIvol|CTDI',
		'How much radiation a scan used. It is kept as low as possible.',
		'radiologyinfo'
	],
	['radiologist', 'A doctor trained to read medical images and write the report.', 'radiologyinfo'],
	[
		'technologist|radiographer',
		'The person trained to run the scanner and take the pictures.',
		'radiologyinfo'
	],
	['addendum', 'A note added to a report after it was first written.', 'radiologyinfo'],
	[
		'preliminary report|preliminary',
		'A first report that may change when the final report is written.',
		'radiologyinfo'
	],

	// Chest and lungs
	['pulmonary', 'About the lungs, the two organs in the chest that take in air.', 'medlineplus'],
	[
		'lobe|lobes|lobar',
		'A large part of an organ. The right lung has three lobes and the left lung has two.',
		'medlineplus'
	],
	['lingula|lingular', 'A small part of the left lung, near the heart.', 'fleischner'],
	[
		'hilum|hila|hilar',
		'The place where vessels, airways or ducts go in and out of an organ, like the lung or kidney.',
		'fleischner'
	],
	[
		'mediastinum|mediastinal',
		'The space in the middle of the chest between the lungs. It holds the heart, big vessels and the windpipe.',
		'fleischner'
	],
	['pleura|pleural', 'The thin lining around the lungs and inside the chest wall.', 'medlineplus'],
	['pleural effusion', 'Extra fluid between the lung and the chest wall.', 'medlineplus'],
	[
		'pneumothorax',
		'Air between the lung and the chest wall. It can make part of the lung collapse.',
		'medlineplus'
	],
	[
		'atelectasis|atelectatic|subsegmental atelectasis|platelike atelectasis',
		'A part of the lung that is partly or fully collapsed, so less air gets in. Small areas are common and often get better by themselves.',
		'fleischner'
	],
	[
		'consolidation|consolidative',
		'Part of the lung filled with fluid or pus instead of air. Pneumonia is a common cause.',
		'fleischner'
	],
	['pneumonia', 'An infection of the lungs.', 'medlineplus'],
	[
		'ground-glass|ground glass|ground-glass opacity|GGO',
		'A hazy area in the lung on CT. You can still see the vessels through it. It has many causes, such as infection.',
		'fleischner'
	],
	[
		'airspace disease|air space disease|airspace opacity',
		'The small air sacs of the lung are filled with fluid, pus, blood or cells.',
		'fleischner'
	],
	[
		'interstitial|interstitium',
		'About the thin tissue between the air sacs of the lungs.',
		'fleischner'
	],
	[
		'emphysema|emphysematous',
		'Damage to the small air sacs of the lungs, often from smoking. It makes breathing harder.',
		'medlineplus'
	],
	[
		'bronchiectasis',
		'Airways in the lungs that are wider than normal and can collect mucus.',
		'fleischner'
	],
	['bronchi|bronchus|bronchial', 'The large airways that carry air into the lungs.', 'medlineplus'],
	[
		'bronchitis|bronchial wall thickening|peribronchial thickening',
		'Swelling of the airways, often from infection, asthma or smoking.',
		'fleischner'
	],
	['trachea|tracheal', 'The windpipe. It carries air from the throat to the lungs.', 'medlineplus'],
	[
		'granuloma|granulomas|granulomatous',
		'A small clump of immune cells, often left over from an old infection. Calcified ones are harmless.',
		'fleischner'
	],
	[
		'scarring in the lungs|pulmonary fibrosis',
		'Scar tissue in the lungs that makes them stiff.',
		'medlineplus'
	],
	[
		'tree-in-bud',
		'A pattern of small branching spots in the lungs on CT, often from infection in the small airways.',
		'fleischner'
	],
	[
		'air trapping',
		'Air that stays in parts of the lungs when you breathe out. It can come with small airway disease.',
		'fleischner'
	],
	[
		'hyperinflation|hyperexpanded|hyperinflated',
		'The lungs hold more air than normal, as in COPD or asthma.',
		'fleischner'
	],
	[
		'pulmonary embolism|PE',
		'A blood clot that got stuck in a blood vessel of the lung.',
		'medlineplus'
	],
	[
		'pulmonary edema',
		'Extra fluid in the lungs, often because the heart is not pumping well.',
		'medlineplus'
	],
	['cardiomegaly', 'An enlarged heart.', 'medlineplus'],
	[
		'cardiac silhouette|cardiomediastinal silhouette|heart size',
		'The outline of the heart and middle of the chest on an x-ray.',
		'radiologyinfo'
	],
	[
		'costophrenic angle|costophrenic angles',
		'The sharp corner at the bottom of each lung on a chest x-ray. Blunting can mean some fluid.',
		'radiologyinfo'
	],
	[
		'blunting',
		'Loss of the sharp corner at the bottom of the lung on an x-ray, often from a little fluid.',
		'radiologyinfo'
	],
	[
		'diaphragm|hemidiaphragm',
		'The dome-shaped muscle under the lungs that helps you breathe.',
		'medlineplus'
	],
	[
		'pericardium|pericardial|pericardial effusion',
		'The sac around the heart. An effusion is extra fluid in it.',
		'medlineplus'
	],
	[
		'aorta|aortic',
		'The largest artery. It carries blood from the heart to the body.',
		'medlineplus'
	],
	[
		'coronary arteries|coronary artery calcification|coronary',
		'The blood vessels that feed the heart muscle. Calcium in them is a sign of heart artery disease.',
		'radiologyinfo'
	],
	[
		'Lung-RADS',
		'A score from 0 to 4 for lung cancer screening CT scans. Lower numbers mean less concern.',
		'acr'
	],

	// Belly and pelvis
	[
		'abdomen|abdominal',
		'The belly: the part of the body between the chest and the hips.',
		'medlineplus'
	],
	[
		'pelvis|pelvic',
		'The lower part of the belly between the hip bones. It holds the bladder and sex organs.',
		'medlineplus'
	],
	[
		'liver|hepatic',
		'The large organ on the right side of the belly. It cleans the blood and helps digest food.',
		'medlineplus'
	],
	['hepatomegaly', 'An enlarged liver.', 'medlineplus'],
	[
		'steatosis|hepatic steatosis|fatty liver|fatty infiltration',
		'Extra fat in the liver. It is common and often linked to weight or alcohol.',
		'medlineplus'
	],
	['cirrhosis|cirrhotic', 'Scarring of the liver from long-term damage.', 'medlineplus'],
	[
		'LI-RADS',
		'A score for liver spots in people at risk of liver cancer. Higher numbers mean more concern.',
		'acr'
	],
	[
		'gallbladder',
		'A small pouch under the liver that stores bile, a fluid that helps digest fat.',
		'medlineplus'
	],
	[
		'cholelithiasis|gallstone|gallstones',
		'Hard stones that form in the gallbladder.',
		'medlineplus'
	],
	['cholecystitis', 'Swelling of the gallbladder, often from a gallstone.', 'medlineplus'],
	[
		'sludge|biliary sludge',
		'Thick material in the gallbladder. It can turn into stones.',
		'radiologyinfo'
	],
	[
		'biliary|bile duct|bile ducts|common bile duct|CBD',
		'The tubes that carry bile from the liver to the gut.',
		'medlineplus'
	],
	[
		'pancreas|pancreatic',
		'An organ behind the stomach that makes digestive juices and insulin.',
		'medlineplus'
	],
	['pancreatitis', 'Swelling and irritation of the pancreas.', 'medlineplus'],
	[
		'spleen|splenic',
		'An organ on the left side of the belly that filters blood and fights infection.',
		'medlineplus'
	],
	['splenomegaly', 'An enlarged spleen.', 'medlineplus'],
	[
		'kidney|kidneys|renal',
		'The two bean-shaped organs that clean the blood and make urine.',
		'medlineplus'
	],
	['hydronephrosis', 'Swelling of a kidney because urine cannot drain well.', 'medlineplus'],
	[
		'nephrolithiasis|kidney stone|kidney stones|renal calculus|calculus|calculi|urolithiasis',
		'A hard stone that forms in the kidney or urinary tract.',
		'medlineplus'
	],
	[
		'Bosniak',
		'A scale from I to IV for kidney cysts. I and II are harmless; higher numbers need more checks.',
		'radiologyinfo'
	],
	[
		'ureter|ureters|ureteral',
		'The tubes that carry urine from the kidneys to the bladder.',
		'medlineplus'
	],
	['bladder|urinary bladder', 'The pouch that holds urine.', 'medlineplus'],
	[
		'adrenal|adrenal gland|adrenals',
		'Small glands on top of the kidneys that make hormones.',
		'medlineplus'
	],
	[
		'bowel|intestine|intestines',
		'The gut: the long tube that digests food after the stomach.',
		'medlineplus'
	],
	[
		'small bowel|small intestine',
		'The long, narrow part of the gut after the stomach.',
		'medlineplus'
	],
	[
		'colon|large bowel|large intestine',
		'The wide, last part of the gut. It ends at the rectum.',
		'medlineplus'
	],
	[
		'diverticulosis|diverticula|diverticulum',
		'Small pouches that bulge out of the wall of the colon. They are common with age.',
		'medlineplus'
	],
	[
		'diverticulitis',
		'Swelling or infection of the small pouches in the colon wall.',
		'medlineplus'
	],
	['appendix|appendiceal', 'A small finger-shaped pouch attached to the colon.', 'medlineplus'],
	['appendicitis', 'Swelling and infection of the appendix.', 'medlineplus'],
	['ascites', 'Extra fluid in the belly.', 'medlineplus'],
	['peritoneum|peritoneal', 'The thin lining inside the belly.', 'medlineplus'],
	[
		'mesentery|mesenteric',
		'Tissue that holds the bowel in place and carries its blood vessels.',
		'medlineplus'
	],
	[
		'retroperitoneum|retroperitoneal',
		'The space at the back of the belly, behind its lining. The kidneys are there.',
		'medlineplus'
	],
	[
		'hiatal hernia|hiatus hernia',
		'Part of the stomach pushes up through the diaphragm into the chest.',
		'medlineplus'
	],
	[
		'inguinal hernia|inguinal',
		'Tissue that pushes through a weak spot in the groin.',
		'medlineplus'
	],
	['uterus|uterine', 'The womb, where a baby grows.', 'medlineplus'],
	['endometrium|endometrial', 'The lining of the womb.', 'medlineplus'],
	[
		'ovary|ovaries|ovarian|adnexa|adnexal',
		'The organs next to the womb that make eggs and hormones. Adnexa means the ovaries and tubes together.',
		'medlineplus'
	],
	[
		'follicle|follicles|follicular cyst',
		'A small fluid sac in the ovary that holds an egg. It is normal.',
		'medlineplus'
	],
	[
		'corpus luteum',
		'A normal short-lived cyst in the ovary after an egg is released.',
		'medlineplus'
	],
	['prostate|prostatic', 'A gland below the bladder in men that helps make semen.', 'medlineplus'],
	[
		'benign prostatic hyperplasia|BPH',
		'An enlarged prostate that is not cancer. It is common with age.',
		'medlineplus'
	],
	[
		'PI-RADS',
		'A score from 1 to 5 for prostate MRI. Higher numbers mean cancer is more likely.',
		'acr'
	],
	[
		'testis|testes|testicle|testicular|scrotal',
		'The two glands in the scrotum that make sperm.',
		'medlineplus'
	],
	['varicocele', 'Swollen veins in the scrotum, like varicose veins.', 'medlineplus'],
	['hydrocele', 'Fluid around a testicle.', 'medlineplus'],

	// Brain, head and neck
	['cerebral', 'About the brain.', 'medlineplus'],
	[
		'cerebrum|cerebral hemisphere|hemisphere',
		'The largest part of the brain, split into a left and a right half.',
		'medlineplus'
	],
	[
		'cerebellum|cerebellar',
		'The part at the back of the brain that helps with balance and movement.',
		'medlineplus'
	],
	[
		'brainstem|brain stem',
		'The part of the brain that joins the spinal cord. It controls breathing and heartbeat.',
		'medlineplus'
	],
	[
		'white matter',
		'The inner parts of the brain that carry signals between areas.',
		'radiologyinfo'
	],
	[
		'gray matter|grey matter',
		'The outer layer of the brain, where thinking happens.',
		'radiologyinfo'
	],
	[
		'white matter hyperintensities|small vessel disease|microvascular ischemic changes|chronic microvascular',
		'Small bright spots in the brain on MRI, common with age, high blood pressure or diabetes.',
		'radiologyinfo'
	],
	[
		'ventricles|ventricle|ventricular',
		'Spaces inside the brain filled with fluid. The heart also has chambers called ventricles.',
		'medlineplus'
	],
	['hydrocephalus', 'Too much fluid in the spaces inside the brain.', 'medlineplus'],
	['sulci|sulcal|gyri', 'The grooves and folds on the surface of the brain.', 'radiologyinfo'],
	[
		'volume loss|involutional changes|age-related volume loss',
		'The brain is a little smaller, as often happens with age.',
		'radiologyinfo'
	],
	[
		'midline shift',
		'The middle of the brain is pushed to one side, often by swelling or bleeding.',
		'radiologyinfo'
	],
	['mass effect', 'Something is pushing on nearby tissue.', 'radiologyinfo'],
	[
		'stroke|cerebrovascular accident|CVA',
		'Damage to the brain when its blood flow is blocked or a vessel bleeds.',
		'medlineplus'
	],
	['lacune|lacunes|lacunar', 'A very small old stroke deep in the brain.', 'radiologyinfo'],
	[
		'subdural',
		'Under the outer covering of the brain. Blood there is a subdural hematoma.',
		'medlineplus'
	],
	[
		'subarachnoid',
		'The space around the brain that holds fluid. Bleeding there is serious.',
		'medlineplus'
	],
	[
		'meninges|meningeal|dura|dural',
		'The covers that wrap the brain and spinal cord.',
		'medlineplus'
	],
	['meningioma', 'A growth from the covers of the brain. It is usually not cancer.', 'nci'],
	['pituitary', 'A small gland under the brain that makes hormones.', 'medlineplus'],
	[
		'sinus|sinuses|paranasal sinuses',
		'Air spaces in the bones of the face around the nose.',
		'medlineplus'
	],
	[
		'sinusitis|mucosal thickening',
		'Swelling of the lining of the sinuses, often from a cold or allergy.',
		'medlineplus'
	],
	['mastoid|mastoids', 'The bone behind the ear. It has small air pockets.', 'medlineplus'],
	['orbit|orbits|orbital', 'The bony eye socket.', 'medlineplus'],
	[
		'thyroid|thyroid gland',
		'A gland in the front of the neck that makes hormones that control energy use.',
		'medlineplus'
	],
	[
		'TI-RADS',
		'A score for thyroid nodules on ultrasound. It helps decide if a needle test is needed.',
		'acr'
	],
	['goiter|goitre', 'An enlarged thyroid gland.', 'medlineplus'],
	[
		'parotid|salivary gland|submandibular',
		'Glands that make saliva, near the ear and under the jaw.',
		'medlineplus'
	],
	[
		'carotid|carotid artery|carotid arteries',
		'The two large arteries in the neck that carry blood to the brain.',
		'medlineplus'
	],

	// Spine, bones and joints
	['spine|spinal|vertebral column', 'The backbone.', 'medlineplus'],
	[
		'vertebra|vertebrae|vertebral body',
		'One of the bones that stack up to make the spine.',
		'medlineplus'
	],
	[
		'cervical',
		'About the neck. The cervical spine is the neck part of the backbone. The cervix is also part of the womb.',
		'medlineplus'
	],
	[
		'thoracic',
		'About the chest. The thoracic spine is the middle part of the backbone.',
		'medlineplus'
	],
	['lumbar', 'About the lower back.', 'medlineplus'],
	[
		'sacrum|sacral|coccyx',
		'The bones at the bottom of the spine, between the hips.',
		'medlineplus'
	],
	[
		'intervertebral disc|disc|discs|disk|disks',
		'The soft cushion between two bones of the spine.',
		'medlineplus'
	],
	[
		'disc bulge|bulging disc|disc bulging',
		'A disc that spreads out past its normal edge. It is common and often causes no pain.',
		'radiologyinfo'
	],
	[
		'disc protrusion|protrusion|disc herniation|herniated disc|extrusion',
		'Part of the soft center of a disc pushes out. It can press on a nerve.',
		'radiologyinfo'
	],
	[
		'disc desiccation|desiccation',
		'A disc that has lost water with age. It looks darker on MRI.',
		'radiologyinfo'
	],
	[
		'degenerative disc disease|disc degeneration',
		'Wear and tear of the discs in the spine. It is very common with age.',
		'radiologyinfo'
	],
	['spondylosis', 'Wear and tear of the spine.', 'medlineplus'],
	[
		'spondylolisthesis|listhesis|anterolisthesis|retrolisthesis',
		'One bone of the spine has slipped forward or backward on the one below.',
		'medlineplus'
	],
	[
		'spinal stenosis|canal stenosis|central canal',
		'Narrowing of the space in the spine where the nerves run.',
		'medlineplus'
	],
	[
		'foramen|foramina|foraminal|neural foramen',
		'An opening in bone. In the spine, nerves leave through these openings.',
		'radiologyinfo'
	],
	[
		'foraminal stenosis|foraminal narrowing',
		'Narrowing of the opening where a nerve leaves the spine. It can press on the nerve.',
		'radiologyinfo'
	],
	[
		'facet|facet joint|facet joints|facet arthropathy|facet hypertrophy',
		'The small joints at the back of the spine. Arthropathy means wear of these joints.',
		'radiologyinfo'
	],
	[
		'osteophyte|osteophytes|bone spur|spurring',
		'A bony bump that grows at the edge of a joint, often from wear.',
		'medlineplus'
	],
	[
		'endplate|endplates|Modic changes',
		'The top and bottom surfaces of the spine bones. Changes there often come with disc wear.',
		'radiologyinfo'
	],
	[
		'nerve root|nerve roots|thecal sac|cauda equina',
		'The nerves as they leave the spinal cord, and the sac of fluid around them.',
		'medlineplus'
	],
	[
		'spinal cord',
		'The bundle of nerves inside the spine that carries messages between the brain and body.',
		'medlineplus'
	],
	['scoliosis', 'A sideways curve of the spine.', 'medlineplus'],
	['kyphosis|kyphotic', 'A forward rounding of the upper back.', 'medlineplus'],
	[
		'lordosis|lordotic',
		'The normal inward curve of the neck and lower back. A report may say it is more or less than usual.',
		'medlineplus'
	],
	[
		'fracture|fractures|fx',
		'A broken bone. It can be a small crack or a complete break.',
		'medlineplus'
	],
	['nondisplaced|non-displaced', 'A break where the bone pieces stay in line.', 'radiologyinfo'],
	['comminuted', 'A break where the bone is in more than two pieces.', 'radiologyinfo'],
	[
		'compression fracture',
		'A spine bone that has collapsed and become shorter, often from weak bones.',
		'medlineplus'
	],
	['stress fracture', 'A small crack in a bone from repeated use.', 'medlineplus'],
	['healing fracture|callus', 'New bone that forms around a break as it heals.', 'radiologyinfo'],
	[
		'dislocation|dislocated|subluxation',
		'Bones of a joint moved out of place. Subluxation means partly out of place.',
		'medlineplus'
	],
	[
		'osteoarthritis|degenerative joint disease|DJD|arthrosis',
		'Wear and tear of a joint. The cartilage cushion gets thinner.',
		'medlineplus'
	],
	['arthritis|arthropathy', 'Joint swelling, pain or damage.', 'medlineplus'],
	[
		'joint space narrowing|joint space',
		'The gap between the bones of a joint is smaller, often because the cushion has worn thin.',
		'radiologyinfo'
	],
	[
		'cartilage|chondral',
		'The smooth, firm tissue that covers the ends of bones in a joint.',
		'medlineplus'
	],
	['chondromalacia', 'Softening of the cartilage, often under the kneecap.', 'medlineplus'],
	[
		'meniscus|menisci|meniscal',
		'The C-shaped cushions in the knee between the thigh bone and shin bone.',
		'medlineplus'
	],
	['tear|tears|torn', 'A rip in a tissue such as a tendon, ligament or cartilage.', 'medlineplus'],
	[
		'ligament|ligaments|ligamentous',
		'A strong band that holds bones together at a joint.',
		'medlineplus'
	],
	[
		'ACL|anterior cruciate ligament',
		'A ligament in the middle of the knee that keeps it stable.',
		'medlineplus'
	],
	['tendon|tendons|tendinous', 'A strong cord that joins muscle to bone.', 'medlineplus'],
	[
		'tendinosis|tendinopathy|tendinitis|tendonitis',
		'Irritation or wear of a tendon.',
		'medlineplus'
	],
	[
		'rotator cuff',
		'A group of muscles and tendons that hold the shoulder joint in place.',
		'medlineplus'
	],
	[
		'bursa|bursitis',
		'A small fluid sac that helps tissues glide. Bursitis is swelling of this sac.',
		'medlineplus'
	],
	['joint effusion', 'Extra fluid inside a joint.', 'medlineplus'],
	['bone marrow|marrow', 'The soft tissue inside bones that makes blood cells.', 'nci'],
	[
		'bone marrow edema|bone bruise|marrow edema',
		'Extra fluid inside a bone, seen on MRI. It can come from an injury.',
		'radiologyinfo'
	],
	[
		'osteopenia',
		'Bones that are thinner than normal, but not as thin as in osteoporosis.',
		'medlineplus'
	],
	['osteoporosis', 'Weak, thin bones that break more easily.', 'medlineplus'],
	[
		'sclerosis|sclerotic',
		'Hardening. In bone, an area that looks denser and whiter.',
		'radiologyinfo'
	],
	[
		'lytic|lucent lesion',
		'An area where bone has been worn away. It looks darker on x-ray.',
		'radiologyinfo'
	],
	['osteomyelitis', 'An infection in a bone.', 'medlineplus'],
	['enchondroma', 'A harmless growth of cartilage inside a bone.', 'radiologyinfo'],
	[
		'hardware|orthopedic hardware|surgical hardware',
		'Metal parts such as plates and screws placed during surgery to hold bones.',
		'radiologyinfo'
	],
	[
		'prosthesis|arthroplasty|joint replacement',
		'A man-made part that replaces a joint, like a new hip or knee.',
		'medlineplus'
	],
	['alignment', 'How bones line up with each other.', 'radiologyinfo'],
	['soft tissue swelling', 'Swelling of skin, fat or muscle.', 'radiologyinfo'],

	// Breast imaging
	[
		'BI-RADS|BIRADS',
		'A score from 0 to 6 that radiologists use for breast imaging. It says how likely cancer is and what to do next.',
		'birads'
	],
	[
		'BI-RADS 0|BI-RADS category 0',
		'More pictures or tests are needed before the result can be given.',
		'birads'
	],
	['BI-RADS 1|BI-RADS category 1', 'Negative. Nothing of concern was seen.', 'birads'],
	[
		'BI-RADS 2|BI-RADS category 2',
		'Benign. Something was seen, but it is not cancer. Routine screening goes on.',
		'birads'
	],
	[
		'BI-RADS 3|BI-RADS category 3',
		'Probably benign. The chance of cancer is very low, but a short-term follow-up is advised.',
		'birads'
	],
	[
		'BI-RADS 4|BI-RADS category 4|BI-RADS 4A|BI-RADS 4B|BI-RADS 4C',
		'Suspicious. A biopsy is advised to find out what it is.',
		'birads'
	],
	['BI-RADS 5|BI-RADS category 5', 'Highly suggestive of cancer. A biopsy is advised.', 'birads'],
	[
		'BI-RADS 6|BI-RADS category 6',
		'Cancer already proven by biopsy. The pictures help plan treatment.',
		'birads'
	],
	[
		'breast density|dense breasts|dense breast tissue',
		'How much of the breast is firm tissue rather than fat. Dense tissue can hide cancer on a mammogram.',
		'birads'
	],
	[
		'scattered fibroglandular|scattered areas of fibroglandular density',
		'The breast is mostly fat, with some areas of dense tissue.',
		'birads'
	],
	[
		'heterogeneously dense',
		'The breast has a lot of dense tissue, which can hide small spots.',
		'birads'
	],
	[
		'extremely dense',
		'The breast is almost all dense tissue. This makes a mammogram harder to read.',
		'birads'
	],
	[
		'fibroglandular|fibroglandular tissue',
		'The firm tissue of the breast, made of glands and support tissue.',
		'birads'
	],
	[
		'architectural distortion',
		'Breast tissue looks pulled or twisted, with no clear lump.',
		'birads'
	],
	[
		'asymmetry|focal asymmetry|asymmetries',
		'An area that looks different in one breast than in the same place in the other.',
		'birads'
	],
	[
		'microcalcifications|microcalcification',
		'Tiny specks of calcium in the breast. Most are harmless; some patterns are checked further.',
		'birads'
	],
	[
		'fibroadenoma',
		'A smooth, firm breast lump that is not cancer. It is common in young women.',
		'nci'
	],
	[
		'fibrocystic|fibrocystic changes',
		'Lumpy or tender breast tissue with small cysts. It is common and not cancer.',
		'medlineplus'
	],
	['axilla|axillary', 'The armpit.', 'medlineplus'],
	['screening', 'A test for people with no symptoms, to find problems early.', 'nci'],
	['diagnostic', 'A test done to look into a symptom or an earlier finding.', 'nci'],
	[
		'callback|recall',
		'Being asked back for more pictures after a screening test. It often turns out to be nothing.',
		'radiologyinfo'
	],

	// Heart and vessels
	['cardiac', 'About the heart.', 'medlineplus'],
	['atrium|atria|atrial', 'The two upper chambers of the heart.', 'medlineplus'],
	['valve|valves|valvular', 'Flaps in the heart that keep blood flowing one way.', 'medlineplus'],
	[
		'ejection fraction|EF',
		'How much blood the heart pumps out with each beat, as a percent. About 55 to 70 is normal.',
		'medlineplus'
	],
	[
		'artery|arteries|arterial',
		'Blood vessels that carry blood away from the heart.',
		'medlineplus'
	],
	['vein|veins|venous', 'Blood vessels that carry blood back to the heart.', 'medlineplus'],
	['deep vein thrombosis|DVT', 'A blood clot in a deep vein, often in the leg.', 'medlineplus'],
	[
		'varicose veins|varicosities',
		'Swollen, twisted veins near the skin, often in the legs.',
		'medlineplus'
	],
	['abdominal aortic aneurysm|AAA', 'A bulge in the main artery in the belly.', 'medlineplus'],
	[
		'collateral|collaterals',
		'Extra blood vessels that grow to go around a blockage.',
		'radiologyinfo'
	],
	[
		'calcified plaque|vascular calcification|vascular calcifications',
		'Calcium in the walls of blood vessels, a sign of hardening of the arteries.',
		'radiologyinfo'
	],

	// Pregnancy and children
	['gestational age|GA', 'How far along a pregnancy is, counted in weeks.', 'medlineplus'],
	['fetus|fetal', 'An unborn baby.', 'medlineplus'],
	['placenta|placental', 'The organ that feeds the baby in the womb.', 'medlineplus'],
	['amniotic fluid', 'The fluid around the baby in the womb.', 'medlineplus'],
	[
		'crown-rump length|CRL',
		'The length of an early unborn baby from head to bottom. It helps date the pregnancy.',
		'radiologyinfo'
	],
	[
		'growth plate|physis|physeal',
		'The area near the end of a child’s bone where it grows.',
		'medlineplus'
	],
	[
		'bone age',
		'How grown-up a child’s bones look on an x-ray, compared with their age.',
		'radiologyinfo'
	],

	// Cancer follow-up
	['RECIST', 'A set of rules for measuring tumors on scans to see if treatment is working.', 'nci'],
	[
		'target lesion|target lesions',
		'A tumor chosen to be measured on each scan during treatment.',
		'nci'
	],
	[
		'partial response|complete response',
		'How a cancer changed with treatment. Complete response means it can no longer be seen.',
		'nci'
	],
	['recurrence|recurrent', 'A disease that came back after treatment.', 'nci'],
	['residual', 'What is left over, for example after treatment.', 'nci'],
	[
		'post-treatment changes|post-radiation|radiation changes',
		'Changes in tissue caused by past surgery or radiation treatment.',
		'radiologyinfo'
	]
];
