// A study as an IHE PDI-style zip with a DICOMDIR, streamed from the vault or a shared study.
export { exportStudyZip, type ZipSource } from './study-zip';
