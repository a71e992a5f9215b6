package org.jemu.machine.net;

import java.util.ArrayList;
import java.util.List;
import org.jemu.machine.MachineException;

/**
 * Parses {@code -netdev} option strings in QEMU's spelling and creates their backends.
 *
 * <pre>
 * -netdev user,id=ID[,hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT]...[,ipv6=on|off]
 *         [,restrict=on|off][,hostname=NAME]
 * </pre>
 *
 * Only the user-mode network ({@link SlirpNetBackend}) exists. {@code ,,} stands for a comma in a value.
 */
public final class Netdevs {
    private Netdevs() {
    }

    /** The {@code id=} of a {@code -netdev} string, for matching devices' {@code netdev=} before creation. */
    public static String id(String spec) {
        for (String part : split(spec)) {
            if (part.startsWith("id=")) {
                return part.substring(3);
            }
        }
        throw new MachineException("-netdev " + spec + ": id=NAME is required");
    }

    /**
     * Parses a {@code -netdev user,...} string.
     *
     * @throws MachineException for an unknown type or property, or a malformed value (one-line message)
     */
    public static SlirpNetBackend.Options parse(String spec) {
        List<String> parts = split(spec);
        String type = parts.isEmpty() ? "" : parts.get(0);
        if (!type.equals("user")) {
            throw new MachineException("-netdev " + spec + ": network backend '" + type
                    + "' is not supported (supported: user)");
        }
        String id = null;
        boolean ipv6 = true;
        boolean restrict = false;
        String hostname = null;
        List<SlirpNetBackend.HostForward> fwd = new ArrayList<>();
        for (String p : parts.subList(1, parts.size())) {
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq);
            String value = eq < 0 ? "" : p.substring(eq + 1);
            switch (key) {
                case "id" -> id = value;
                case "hostfwd" -> fwd.add(parseHostfwd(spec, value));
                case "ipv6" -> ipv6 = onOff(spec, key, value);
                case "ipv4" -> {
                    if (!onOff(spec, key, value)) {
                        throw new MachineException("-netdev " + spec + ": ipv4=off is not supported");
                    }
                }
                case "restrict" -> restrict = onOff(spec, key, value);
                case "hostname" -> hostname = value;
                default -> throw new MachineException("-netdev " + spec + ": property '" + key
                        + "' is not supported (supported: id, hostfwd, ipv4, ipv6, restrict, hostname)");
            }
        }
        if (id == null || id.isEmpty()) {
            throw new MachineException("-netdev " + spec + ": id=NAME is required");
        }
        return new SlirpNetBackend.Options(id, ipv6, restrict, hostname, fwd);
    }

    /** Parses and creates the backend (libslirp is loaded here: a missing library is a one-line error). */
    public static NetBackend create(String spec) {
        return new SlirpNetBackend(parse(spec));
    }

    private static boolean onOff(String spec, String key, String v) {
        return switch (v) {
            case "on", "yes", "true" -> true;
            case "off", "no", "false" -> false;
            default -> throw new MachineException("-netdev " + spec + ": " + key + "=" + v + ": expected on or off");
        };
    }

    /** {@code [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT} (QEMU's slirp_hostfwd). */
    static SlirpNetBackend.HostForward parseHostfwd(String spec, String v) {
        String bad = "-netdev " + spec + ": hostfwd=" + v + ": expected [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT";
        int dash = v.indexOf('-');
        if (dash < 0) {
            throw new MachineException(bad);
        }
        String host = v.substring(0, dash);
        String guest = v.substring(dash + 1);
        String[] h = host.split(":", -1);
        boolean udp = false;
        String hostAddr;
        String hostPort;
        if (h.length == 3) {
            udp = switch (h[0]) {
                case "", "tcp" -> false;
                case "udp" -> true;
                default -> throw new MachineException(bad);
            };
            hostAddr = h[1];
            hostPort = h[2];
        } else if (h.length == 2) {
            hostAddr = h[0];
            hostPort = h[1];
        } else {
            throw new MachineException(bad);
        }
        String[] g = guest.split(":", -1);
        if (g.length != 2) {
            throw new MachineException(bad);
        }
        int ha = hostAddr.isEmpty() ? 0 : ipv4(bad, hostAddr);
        int ga = g[0].isEmpty() ? SlirpNetBackend.DHCP_START : ipv4(bad, g[0]);
        return new SlirpNetBackend.HostForward(udp, ha, port(bad, hostPort, true), ga, port(bad, g[1], false));
    }

    private static int port(String bad, String s, boolean zeroOk) {
        if (!s.matches("\\d{1,5}")) {
            throw new MachineException(bad);
        }
        int p = Integer.parseInt(s);
        if (p > 65535 || (p == 0 && !zeroOk)) {
            throw new MachineException(bad + " (port " + s + " out of range)");
        }
        return p;
    }

    private static int ipv4(String bad, String s) {
        String[] q = s.split("\\.", -1);
        if (q.length != 4) {
            throw new MachineException(bad + " (" + s + " is not an IPv4 address)");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            if (!q[i].matches("\\d{1,3}") || Integer.parseInt(q[i]) > 255) {
                throw new MachineException(bad + " (" + s + " is not an IPv4 address)");
            }
            v |= Integer.parseInt(q[i]) << (8 * i);
        }
        return v;
    }

    /** Splits at commas, with {@code ,,} standing for a literal comma (QEMU's option syntax). */
    public static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',') {
                if (i + 1 < s.length() && s.charAt(i + 1) == ',') {
                    cur.append(',');
                    i++;
                } else {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
