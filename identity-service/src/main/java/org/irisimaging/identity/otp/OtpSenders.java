package org.irisimaging.identity.otp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.irisimaging.identity.account.Account;

import java.util.EnumMap;
import java.util.Map;

/** The sender of each channel. */
@ApplicationScoped
public class OtpSenders {

    private final Map<Account.OtpChannel, OtpSender> senders = new EnumMap<>(Account.OtpChannel.class);

    OtpSenders(Instance<OtpSender> all) {
        all.forEach(s -> senders.put(s.channel(), s));
    }

    public OtpSender of(Account.OtpChannel channel) {
        OtpSender sender = senders.get(channel);
        if (sender == null) {
            throw new IllegalStateException("No sender for " + channel);
        }
        return sender;
    }
}
