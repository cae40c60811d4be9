package org.irisimaging.identity.cps;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.irisimaging.identity.credential.Secrets;
import org.irisimaging.identity.session.BrowserSession;

/** Lets a test tamper with a browser's pending sign-in, as an attacker who swapped a request would. */
@ApplicationScoped
public class TestSessions {

    /** Replaces the nonce expected from the upstream in the session behind {@code cookieValue}. */
    @Transactional
    public void expectUpstreamNonce(String cookieValue, String nonce) {
        BrowserSession session = BrowserSession.<BrowserSession>find("cookieHash", Secrets.digest(cookieValue))
                .firstResult();
        session.upstreamNonce = nonce;
    }
}
