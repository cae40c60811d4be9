package org.irisimaging.gateway.dimse;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A block of network addresses a peer may connect from: one address, or a CIDR block
 * ({@code 10.1.2.0/24}, {@code fd00::/8}).
 *
 * @param network      the block's address bytes (4 or 16)
 * @param prefixLength how many leading bits must match
 */
record AddressBlock(byte[] network, int prefixLength) {

    /**
     * Parses {@code 192.0.2.7}, {@code 192.0.2.0/24}, {@code ::1}, {@code fd00::/8}, or a host name,
     * which is resolved once, now, to every address it has (one block each).
     */
    static List<AddressBlock> parse(String text) throws UnknownHostException {
        String t = text.strip();
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        if (host.isEmpty()) {
            throw new UnknownHostException("empty address in '" + text + "'");
        }
        InetAddress[] addresses = InetAddress.getAllByName(host);
        List<AddressBlock> blocks = new ArrayList<>(addresses.length);
        for (InetAddress address : addresses) {
            byte[] bytes = address.getAddress();
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(t.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new UnknownHostException("bad prefix length in '" + text + "'");
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new UnknownHostException("bad prefix length in '" + text + "'");
                }
            }
            blocks.add(new AddressBlock(bytes, prefix));
        }
        return blocks;
    }

    /** Whether {@code address} is in this block (IPv4 blocks never hold IPv6 addresses, and back). */
    boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        if (!Arrays.equals(a, 0, full, network, 0, full)) {
            return false;
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest);
        return (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            return Arrays.toString(network) + "/" + prefixLength;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressBlock b && b.prefixLength == prefixLength && Arrays.equals(b.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }
}
