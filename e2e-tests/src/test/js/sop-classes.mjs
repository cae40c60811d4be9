// SOP classes the e2e scripts tell apart: reports (structured reports, encapsulated documents)
// have no pixel data, hence no rendered image or thumbnail.

/** Whether a SOP Class UID is a structured report (1.2.840.10008.5.1.4.1.1.88.*) or an encapsulated document (.104.*). */
export function isReport(sopClassUID) {
  return /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.(88|104)\./.test(sopClassUID ?? '');
}
