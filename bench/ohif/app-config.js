// OHIF's configuration for the P9 bench (served as /app-config.js in place of the package's own): one DICOMweb
// data source, the project's Orthanc, reached through the bench server's same-origin /dicom-web proxy (Orthanc
// sends no CORS headers). The settings are the ones the Orthanc project ships for OHIF (its OHIF plugin's
// DICOMweb configuration): WADO-RS rendering, lazy study loading, bulk data by URI.
window.config = {
	name: 'radfolio-bench',
	routerBasename: '/',
	extensions: [],
	modes: [],
	customizationService: {},
	showStudyList: true,
	maxNumberOfWebWorkers: 3,
	showWarningMessageForCrossOrigin: false,
	showCPUFallbackMessage: false,
	showLoadingIndicator: true,
	strictZSpacingForVolumeViewport: true,
	maxNumRequests: { interaction: 100, thumbnail: 5, prefetch: 25 },
	defaultDataSourceName: 'orthanc',
	dataSources: [
		{
			namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
			sourceName: 'orthanc',
			configuration: {
				friendlyName: 'Orthanc (bench)',
				name: 'orthanc',
				wadoUriRoot: '/dicom-web',
				qidoRoot: '/dicom-web',
				wadoRoot: '/dicom-web',
				qidoSupportsIncludeField: false,
				supportsReject: false,
				imageRendering: 'wadors',
				thumbnailRendering: 'wadors',
				enableStudyLazyLoad: true,
				supportsFuzzyMatching: false,
				supportsWildcard: true,
				omitQuotationForMultipartRequest: true,
				bulkDataURI: { enabled: true }
			}
		}
	]
};
