package org.irisimaging.studyindex.administration;

/**
 * {@code POST /api/admin/studies/{study}/referral-removals}: a prescriber taken off a study.
 *
 * @param idNatPs the practitioner's national identifier (idNat_PS), as in the study's prescribers
 * @param reason  why, for the audit log; required
 */
public record ReferralRemoval(String idNatPs, String reason) {
}
