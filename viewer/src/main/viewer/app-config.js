/** @type {AppTypes.Config} */
// Iris's OHIF configuration (ADR 0025, docs/viewer.md), served at /viewer/app-config.js. Everything
// is on the page's own origin: the DICOMweb root (the gateway serves /studies and /wado at the
// origin's root) and the OpenID provider (identity-service, passed on by the gateway). OHIF signs
// in as the public client iris-viewer with authorization code + PKCE.
window.config = {
  name: 'iris',
  routerBasename: '/viewer',
  extensions: [],
  modes: [],
  customizationService: {},
  // The portal is the study list: a study arrives as /viewer/viewer?StudyInstanceUIDs=...
  showStudyList: false,
  // No "investigational use" dialog: Iris shows its own notices in the portal.
  investigationalUseDialog: { option: 'never' },
  maxNumberOfWebWorkers: 3,
  showWarningMessageForCrossOrigin: false,
  showCPUFallbackMessage: true,
  showLoadingIndicator: true,
  strictZSpacingForVolumeViewport: true,
  groupEnabledModesFirst: true,
  allowMultiSelectExport: false,
  maxNumRequests: {
    interaction: 100,
    thumbnail: 5,
    prefetch: 25,
  },
  showErrorDetails: 'production',
  defaultDataSourceName: 'iris',
  dataSources: [
    {
      namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
      sourceName: 'iris',
      configuration: {
        friendlyName: 'Iris',
        name: 'iris',
        qidoRoot: window.location.origin,
        wadoRoot: window.location.origin,
        wadoUriRoot: window.location.origin + '/wado',
        qidoSupportsIncludeField: true,
        imageRendering: 'wadors',
        // the gateway renders thumbnails (GET .../instances/{uid}/thumbnail), fetched with the token
        thumbnailRendering: 'thumbnail',
        thumbnailRequestStrategy: 'fetch',
        enableStudyLazyLoad: true,
        // person names: fuzzymatching=true; string values: * and ? (docs/qido.md)
        supportsFuzzyMatching: true,
        supportsWildcard: true,
        staticWado: false,
        singlepart: 'bulkdata,video',
        bulkDataURI: {
          enabled: true,
          relativeResolution: 'studies',
        },
        omitQuotationForMultipartRequest: true,
      },
    },
  ],
  // OpenID Connect on the same origin. OHIF makes a relative redirect_uri absolute from
  // routerBasename: '/callback' is {origin}/viewer/callback. It also mounts its sign-out callback at
  // the post-logout URI's path *below* routerBasename: {origin}/viewer/ would put it on OHIF's own
  // /viewer route (/viewer/viewer), where it rewrites ?StudyInstanceUIDs= to ??StudyInstanceUIDs=
  // in a loop. So a sign-out ends on the portal's signed-out page.
  oidc: [
    {
      authority: window.location.origin,
      client_id: 'iris-viewer',
      redirect_uri: '/callback',
      response_type: 'code',
      scope: 'openid profile',
      post_logout_redirect_uri: window.location.origin + '/portal/?signed-out=user',
      automaticSilentRenew: true,
      revokeAccessTokenOnSignout: false,
    },
  ],
};
