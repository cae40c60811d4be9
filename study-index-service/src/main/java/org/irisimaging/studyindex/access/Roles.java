package org.irisimaging.studyindex.access;

/** The platform's roles, as identity-service puts them in the tokens' {@code groups} claim. */
public final class Roles {

    /** A health professional (practitioner account). */
    public static final String PRACTITIONER = "practitioner";
    /** The administrator of one or more establishments (the {@code establishments} claim). */
    public static final String SITE_ADMIN = "site-admin";
    /** The platform's administrators. */
    public static final String PLATFORM_ADMIN = "platform-admin";
    /** Someone invited without an account (access code of an invitation). */
    public static final String GUEST = "guest";
    /** A sending system's client (the gateway's client-credentials token). */
    public static final String INGEST = "ingest";

    private Roles() {
    }
}
