package org.irisimaging.identity;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.irisimaging.identity.otp.SmsProvider;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Tests' SMS provider: keeps what was sent, so a test can read the code like a phone would. */
@Alternative
@Priority(1)
@ApplicationScoped
public class RecordingSmsProvider implements SmsProvider {

    /** One SMS. */
    public record Sms(String phoneNumber, String text) {
    }

    private final List<Sms> sent = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void send(String phoneNumber, String text) {
        sent.add(new Sms(phoneNumber, text));
    }

    public List<Sms> sent() {
        return List.copyOf(sent);
    }
}
