package dev.glassbox.net;

import static dev.glassbox.net.Nfnetlink.*;
import static dev.glassbox.net.Rtnetlink.NLA_F_NESTED;
import static dev.glassbox.net.Rtnetlink.NLM_F_ACK;
import static dev.glassbox.net.Rtnetlink.NLM_F_APPEND;
import static dev.glassbox.net.Rtnetlink.NLM_F_CREATE;
import static dev.glassbox.net.Rtnetlink.NLM_F_ECHO;

import dev.glassbox.sys.Errno;
import dev.glassbox.sys.SysException;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Glassbox's kernel NAT and forwarding rules: the nf_tables table {@code ip glassbox}, written
 * through NETLINK_NETFILTER as {@code nft} writes it. It holds four base chains (chains attached
 * to a netfilter hook, so the kernel runs them on every IPv4 packet passing that hook):
 * <ul>
 * <li>{@code prerouting} (nat, dstnat): DNAT for published ports, on packets arriving from outside;
 * <li>{@code output} (nat, dstnat): the same DNAT for connections the host itself opens;
 * <li>{@code postrouting} (nat, srcnat): masquerade of each bridge subnet leaving by another interface;
 * <li>{@code forward} (filter): accepts traffic to and from each bridge.
 * </ul>
 *
 * <p>Every change is one netfilter batch (NFNL_MSG_BATCH_BEGIN, messages, NFNL_MSG_BATCH_END): the
 * kernel applies the whole batch or nothing. Glassbox recognises its rules by their comments.
 * Nat chains see only the first packet of each connection; conntrack applies the same translation
 * to the rest and undoes it on the replies. Loopback (127.0.0.0/8) is not DNATed (the kernel would
 * need {@code route_localnet}): the engine's userland proxy serves it, as Docker's docker-proxy does.
 *
 * <p>Other tables on the same hook still run: an {@code accept} here ends this table's chain only,
 * so a drop in someone else's forward chain (iptables' FORWARD with policy DROP) still drops.
 */
public final class Nftables implements AutoCloseable {
    /** The table's name; its family is {@code ip} (IPv4). */
    public static final String TABLE = "glassbox";
    public static final String PREROUTING = "prerouting", OUTPUT = "output", POSTROUTING = "postrouting", FORWARD = "forward";
    private static final String PROBE_TABLE = "glassbox-probe";
    private static final Subnet LOOPBACK = Subnet.parse("127.0.0.0/8");

    private final NetlinkSocket socket;

    private Nftables(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** nf_tables of the calling thread's network namespace. */
    public static Nftables open() {
        return new Nftables(NetlinkSocket.open(Rtnetlink.NETLINK_NETFILTER));
    }

    /** nf_tables of the network namespace {@code netnsFile}: the socket is opened there and stays there. */
    public static Nftables open(Path netnsFile) {
        return new Nftables(NetNs.run(netnsFile, () -> NetlinkSocket.open(Rtnetlink.NETLINK_NETFILTER)));
    }

    // ---- availability ----

    /**
     * Whether this kernel can do Glassbox's NAT with nf_tables, in the calling thread's namespace.
     * Asks it for real: one batch that creates a probe table with a masquerade and a DNAT rule
     * and deletes it again. The kernel commits the batch as a whole, so nothing stays behind.
     * False when the socket cannot be opened (EPROTONOSUPPORT: no nfnetlink), when nf_tables or
     * its nat expressions are missing (EOPNOTSUPP, ENOENT), or when we may not (EPERM); the engine
     * then publishes ports with its userland proxy only, as Docker falls back.
     */
    public static boolean available() {
        try (Nftables nft = open()) {
            nft.probe();
            return true;
        } catch (SysException e) {
            return false;
        }
    }

    /** {@link #available()} in the network namespace {@code netnsFile}. */
    public static boolean available(Path netnsFile) {
        return NetNs.run(netnsFile, Nftables::available);
    }

    private void probe() {
        List<NlMsg> batch = new ArrayList<>();
        batch.add(newTable(PROBE_TABLE));
        batch.add(newChain(PROBE_TABLE, POSTROUTING, "nat", NF_INET_POST_ROUTING, NF_IP_PRI_NAT_SRC, NF_ACCEPT));
        batch.add(newRule(PROBE_TABLE, POSTROUTING, new NftRule().ipAddress(true, Subnet.parse("10.0.0.0/8"), true)
                .interfaceName(true, "lo", false).masquerade(), 0));
        batch.add(newChain(PROBE_TABLE, PREROUTING, "nat", NF_INET_PRE_ROUTING, NF_IP_PRI_NAT_DST, NF_ACCEPT));
        batch.add(newRule(PROBE_TABLE, PREROUTING, new NftRule().destinationIsLocal()
                .destinationPort(PortSpec.Protocol.TCP, 1).dnat(Subnet.parseIpv4("10.0.0.1", "probe"), 1), 0));
        batch.add(message(NFT_MSG_DELTABLE, NLM_F_ACK, b -> b.string(NFTA_TABLE_NAME, PROBE_TABLE)));
        commit(batch, "probe table " + PROBE_TABLE);
    }

    // ---- the table ----

    /**
     * Creates table {@code ip glassbox} and its four base chains where missing (NFT_MSG_NEWTABLE and
     * NFT_MSG_NEWCHAIN with NLM_F_CREATE and without NLM_F_EXCL: an existing one is kept as is),
     * with policy accept everywhere. Rules already in the chains stay.
     */
    public void ensureTable() {
        ensureTable(false);
    }

    /**
     * {@link #ensureTable()}; with {@code dropOtherForwarding} the forward chain's policy is drop,
     * so the host forwards nothing but the bridges' traffic: what Docker does to the FORWARD chain
     * when it had to turn ip_forward on itself (the host was no router before).
     */
    public void ensureTable(boolean dropOtherForwarding) {
        List<NlMsg> batch = new ArrayList<>();
        batch.add(newTable(TABLE));
        batch.add(newChain(TABLE, PREROUTING, "nat", NF_INET_PRE_ROUTING, NF_IP_PRI_NAT_DST, NF_ACCEPT));
        batch.add(newChain(TABLE, OUTPUT, "nat", NF_INET_LOCAL_OUT, NF_IP_PRI_NAT_DST, NF_ACCEPT));
        batch.add(newChain(TABLE, POSTROUTING, "nat", NF_INET_POST_ROUTING, NF_IP_PRI_NAT_SRC, NF_ACCEPT));
        batch.add(newChain(TABLE, FORWARD, "filter", NF_INET_FORWARD, NF_IP_PRI_FILTER, dropOtherForwarding ? NF_DROP : NF_ACCEPT));
        commit(batch, "table ip " + TABLE);
    }

    /**
     * Table {@code ip glassbox} made anew, empty but for its four base chains: what the engine does
     * when it starts, so that no rule a crashed engine left behind (the DNAT of a container that is
     * gone, the masquerade of a removed network) stays in effect. One batch: NFT_MSG_NEWTABLE (so
     * that the delete finds one), NFT_MSG_DELTABLE, then the table and chains of {@link #ensureTable};
     * the kernel commits it whole, so the hooks never run without the table's chains nor with the
     * old rules once it is done. Only this table is touched: other tables (iptables-nft's, firewalld's,
     * Docker's) keep theirs.
     */
    public void resetTable(boolean dropOtherForwarding) {
        List<NlMsg> batch = new ArrayList<>();
        batch.add(newTable(TABLE));
        batch.add(message(NFT_MSG_DELTABLE, NLM_F_ACK, b -> b.string(NFTA_TABLE_NAME, TABLE)));
        batch.add(newTable(TABLE));
        batch.add(newChain(TABLE, PREROUTING, "nat", NF_INET_PRE_ROUTING, NF_IP_PRI_NAT_DST, NF_ACCEPT));
        batch.add(newChain(TABLE, OUTPUT, "nat", NF_INET_LOCAL_OUT, NF_IP_PRI_NAT_DST, NF_ACCEPT));
        batch.add(newChain(TABLE, POSTROUTING, "nat", NF_INET_POST_ROUTING, NF_IP_PRI_NAT_SRC, NF_ACCEPT));
        batch.add(newChain(TABLE, FORWARD, "filter", NF_INET_FORWARD, NF_IP_PRI_FILTER, dropOtherForwarding ? NF_DROP : NF_ACCEPT));
        commit(batch, "table ip " + TABLE + " anew");
    }

    /**
     * The commands a student would type for {@link #resetTable}: as separate commands they are not
     * one transaction (write them into a file for {@code nft -f} to make them one).
     */
    public static List<String> resetTableShellEquivalent(boolean dropOtherForwarding) {
        List<String> out = new ArrayList<>();
        out.add("nft add table ip " + TABLE + "   # so that the delete finds one");
        out.add("nft delete table ip " + TABLE + "   # its chains and every rule in them");
        out.addAll(ensureTableShellEquivalent(dropOtherForwarding));
        return out;
    }

    /** The commands a student would type for {@link #ensureTable(boolean)}. */
    public static List<String> ensureTableShellEquivalent(boolean dropOtherForwarding) {
        return List.of(
                "nft add table ip " + TABLE,
                chainCommand(PREROUTING, "nat", "prerouting", "dstnat", "accept"),
                // nft 1.0.6 knows "dstnat" in prerouting only; the output hook gets its number
                chainCommand(OUTPUT, "nat", "output", "-100", "accept"),
                chainCommand(POSTROUTING, "nat", "postrouting", "srcnat", "accept"),
                chainCommand(FORWARD, "filter", "forward", "filter", dropOtherForwarding ? "drop" : "accept"));
    }

    private static String chainCommand(String chain, String type, String hook, String priority, String policy) {
        return "nft 'add chain ip " + TABLE + " " + chain + " { type " + type + " hook " + hook + " priority " + priority
                + "; policy " + policy + "; }'";
    }

    /**
     * Deletes table {@code ip glassbox} with all its chains and rules (NFT_MSG_DELTABLE), as the
     * engine does on shutdown; the hooks stop running them at once. Returns false when there was none.
     */
    public boolean deleteTable() {
        try {
            commit(List.of(message(NFT_MSG_DELTABLE, NLM_F_ACK, b -> b.string(NFTA_TABLE_NAME, TABLE))), "table ip " + TABLE);
            return true;
        } catch (SysException e) {
            if (e.errno() == Errno.ENOENT) return false;
            throw e;
        }
    }

    public static List<String> deleteTableShellEquivalent() {
        return List.of("nft delete table ip " + TABLE);
    }

    /** Whether table {@code ip glassbox} exists (NFT_MSG_GETTABLE). */
    public boolean tableExists() {
        try {
            socket.request(message(NFT_MSG_GETTABLE, 0, b -> b.string(NFTA_TABLE_NAME, TABLE)), "table ip " + TABLE);
            return true;
        } catch (SysException e) {
            if (e.errno() == Errno.ENOENT) return false;
            throw e;
        }
    }

    // ---- masquerade and forwarding of a bridge ----

    /**
     * Lets containers on {@code subnet} reach beyond the host: appends to {@code postrouting}
     * {@code ip saddr SUBNET oifname != "BRIDGE" masquerade}, so a connection leaving by any other
     * interface takes that interface's address as its source (replies come back to the host, and
     * conntrack hands them to the container). Returns false when the rule was already there.
     */
    public synchronized boolean addMasquerade(Subnet subnet, String bridge) {
        if (!rulesCommented(masqueradeComment(subnet)).isEmpty()) return false;
        appendRules(POSTROUTING, List.of(masqueradeRule(subnet, bridge)), "masquerade " + subnet);
        return true;
    }

    /** The commands a student would type for {@link #addMasquerade}. */
    public static List<String> addMasqueradeShellEquivalent(Subnet subnet, String bridge) {
        return List.of(ruleCommand(POSTROUTING, masqueradeRule(subnet, bridge)));
    }

    /** Deletes the masquerade rule of {@code subnet} (NFT_MSG_DELRULE by its handle); false when there was none. */
    public synchronized boolean removeMasquerade(Subnet subnet) {
        return deleteRules(rulesCommented(masqueradeComment(subnet)), "masquerade " + subnet);
    }

    public static List<String> removeMasqueradeShellEquivalent(Subnet subnet) {
        return deleteByCommentShellEquivalent(POSTROUTING, masqueradeComment(subnet));
    }

    /**
     * Appends to {@code forward} the rules {@code oifname "BRIDGE" accept} and {@code iifname "BRIDGE"
     * accept}: packets routed into or out of the bridge pass this chain whatever its policy.
     * (Isolation between bridges is done before, at routing, by {@link FibRules}.) False when there.
     */
    public synchronized boolean acceptForwarding(String bridge) {
        if (!rulesCommented(forwardComment(bridge)).isEmpty()) return false;
        appendRules(FORWARD, forwardRules(bridge), "forwarding of " + bridge);
        return true;
    }

    public static List<String> acceptForwardingShellEquivalent(String bridge) {
        return forwardRules(bridge).stream().map(r -> ruleCommand(FORWARD, r)).toList();
    }

    /** Deletes the two forward rules of {@code bridge}; false when there were none. */
    public synchronized boolean removeForwarding(String bridge) {
        return deleteRules(rulesCommented(forwardComment(bridge)), "forwarding of " + bridge);
    }

    public static List<String> removeForwardingShellEquivalent(String bridge) {
        return deleteByCommentShellEquivalent(FORWARD, forwardComment(bridge));
    }

    private static NftRule masqueradeRule(Subnet subnet, String bridge) {
        return new NftRule().ipAddress(true, subnet, true).interfaceName(true, bridge, false).masquerade()
                .comment(masqueradeComment(subnet));
    }

    private static String masqueradeComment(Subnet subnet) { return "glassbox masquerade " + subnet; }

    private static List<NftRule> forwardRules(String bridge) {
        return List.of(
                new NftRule().interfaceName(true, bridge, true).accept().comment(forwardComment(bridge)),
                new NftRule().interfaceName(false, bridge, true).accept().comment(forwardComment(bridge)));
    }

    private static String forwardComment(String bridge) { return "glassbox forward " + bridge; }

    // ---- published ports ----

    /**
     * A published port done by the kernel: the same DNAT in {@code prerouting} (connections from
     * other machines and from containers) and in {@code output} (connections the host opens), and
     * the handles the kernel gave the two rules.
     *
     * @param hostIp the host address it answers on, null for every local address
     */
    public record Dnat(Inet4Address hostIp, int hostPort, PortSpec.Protocol protocol, Inet4Address containerIp,
            int containerPort, long preroutingHandle, long outputHandle) {

        /** {@code nft add rule ...} for both rules. */
        public List<String> shellEquivalent() {
            return List.of(ruleCommand(PREROUTING, dnatRule(this, false)), ruleCommand(OUTPUT, dnatRule(this, true)));
        }

        /** {@code nft delete rule ... handle N} for both rules. */
        public List<String> removeShellEquivalent() {
            return List.of(deleteCommand(PREROUTING, preroutingHandle), deleteCommand(OUTPUT, outputHandle));
        }
    }

    /**
     * Publishes {@code hostIp:hostPort/protocol} to {@code containerIp:containerPort} in the kernel:
     * appends to {@code prerouting} {@code [ip daddr HOSTIP | fib daddr type local] tcp dport
     * HOSTPORT dnat to CONTAINERIP:PORT}, and to {@code output} the same rule, which for every
     * local address leaves 127.0.0.0/8 out ({@code ip daddr != 127.0.0.0/8}). Without an address,
     * only packets to one of the host's own addresses match, so a container's connection to port
     * 80 of another machine is not hijacked. The kernel echoes the new rules (NLM_F_ECHO), which
     * is how we learn their handles.
     *
     * @param hostIp null (or 0.0.0.0) for every local address; a loopback address is refused
     */
    public synchronized Dnat addDnat(Inet4Address hostIp, int hostPort, PortSpec.Protocol protocol,
            Inet4Address containerIp, int containerPort) {
        if (hostIp != null && hostIp.isAnyLocalAddress()) hostIp = null;
        if (hostIp != null && hostIp.isLoopbackAddress()) {
            throw new IllegalArgumentException("cannot DNAT from loopback address " + hostIp.getHostAddress()
                    + ": the userland proxy serves 127.0.0.0/8");
        }
        if (hostPort < 1 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("invalid port mapping " + hostPort + " -> " + containerPort + ": ports are 1 to 65535");
        }
        Dnat want = new Dnat(hostIp, hostPort, protocol, containerIp, containerPort, 0, 0);
        List<NlMsg> echoes = commit(List.of(
                newRule(TABLE, PREROUTING, dnatRule(want, false), NLM_F_ECHO),
                newRule(TABLE, OUTPUT, dnatRule(want, true), NLM_F_ECHO)), "dnat " + dnatComment(want));
        long pre = handleOf(echoes, PREROUTING), out = handleOf(echoes, OUTPUT);
        return new Dnat(hostIp, hostPort, protocol, containerIp, containerPort, pre, out);
    }

    /** Deletes both rules of {@code dnat} by handle, in one batch; rules already gone are skipped. */
    public synchronized void removeDnat(Dnat dnat) {
        List<Rule> present = rules().stream().filter(r ->
                (r.chain().equals(PREROUTING) && r.handle() == dnat.preroutingHandle())
                        || (r.chain().equals(OUTPUT) && r.handle() == dnat.outputHandle())).toList();
        deleteRules(present, "dnat " + dnatComment(dnat));
    }

    private static NftRule dnatRule(Dnat d, boolean output) {
        NftRule r = new NftRule();
        if (d.hostIp() != null) {
            r.ipAddress(false, Subnet.containing(d.hostIp(), 32), true);
        } else {
            if (output) r.ipAddress(false, LOOPBACK, false);
            r.destinationIsLocal();
        }
        return r.destinationPort(d.protocol(), d.hostPort()).dnat(d.containerIp(), d.containerPort()).comment(dnatComment(d));
    }

    private static String dnatComment(Dnat d) {
        return "glassbox dnat " + d.protocol() + " " + (d.hostIp() == null ? "0.0.0.0" : d.hostIp().getHostAddress())
                + ":" + d.hostPort() + " to " + d.containerIp().getHostAddress() + ":" + d.containerPort();
    }

    private static long handleOf(List<NlMsg> echoes, String chain) {
        for (NlMsg m : echoes) {
            if (m.nlmsg_type() != nftType(NFT_MSG_NEWRULE)) continue;
            Rule r = parseRule(m);
            if (r.chain().equals(chain)) return r.handle();
        }
        throw new IllegalStateException("the kernel did not echo the new rule in chain " + chain + " of table ip " + TABLE);
    }

    // ---- rules ----

    /**
     * One rule of table {@code ip glassbox}: its chain, the handle the kernel numbered it with
     * (unique in the table, what {@code nft -a} shows), and its comment.
     */
    public record Rule(String chain, long handle, String comment) {}

    /** The rules of table {@code ip glassbox} in chain order (an NFT_MSG_GETRULE dump filtered by table). */
    public List<Rule> rules() {
        NlMsg req = message(NFT_MSG_GETRULE, 0, b -> b.string(NFTA_RULE_TABLE, TABLE));
        List<Rule> out = new ArrayList<>();
        try {
            for (NlMsg m : socket.dump(req, "rules of table ip " + TABLE)) {
                if (m.nlmsg_type() == nftType(NFT_MSG_NEWRULE)) out.add(parseRule(m));
            }
        } catch (SysException e) {
            if (e.errno() != Errno.ENOENT) throw e;
        }
        return out;
    }

    private List<Rule> rulesCommented(String comment) {
        return rules().stream().filter(r -> comment.equals(r.comment())).toList();
    }

    private static Rule parseRule(NlMsg m) {
        Attrs a = m.attrs(NFGENMSG_SIZE);
        byte[] handle = a.bytes(NFTA_RULE_HANDLE);
        return new Rule(a.string(NFTA_RULE_CHAIN), handle == null ? 0 : ByteBuffer.wrap(handle).getLong(),
                NftRule.commentOf(a.bytes(NFTA_RULE_USERDATA)));
    }

    private void appendRules(String chain, List<NftRule> rules, String what) {
        commit(rules.stream().map(r -> newRule(TABLE, chain, r, 0)).toList(), what);
    }

    private boolean deleteRules(List<Rule> rules, String what) {
        if (rules.isEmpty()) return false;
        commit(rules.stream().map(r -> message(NFT_MSG_DELRULE, NLM_F_ACK, b -> b.string(NFTA_RULE_TABLE, TABLE)
                .string(NFTA_RULE_CHAIN, r.chain()).bytes(NFTA_RULE_HANDLE, be64(r.handle())))).toList(), what);
        return true;
    }

    private static String ruleCommand(String chain, NftRule rule) {
        return "nft 'add rule ip " + TABLE + " " + chain + " " + rule.text() + "'";
    }

    private static String deleteCommand(String chain, long handle) {
        return "nft delete rule ip " + TABLE + " " + chain + " handle " + handle;
    }

    private static List<String> deleteByCommentShellEquivalent(String chain, String comment) {
        return List.of("nft -a list chain ip " + TABLE + " " + chain + "   # the handle of each rule with comment \"" + comment + "\"",
                "nft delete rule ip " + TABLE + " " + chain + " handle HANDLE");
    }

    // ---- messages ----

    /** NFT_MSG_NEWTABLE: create when missing, keep when there. */
    private static NlMsg newTable(String table) {
        return message(NFT_MSG_NEWTABLE, NLM_F_CREATE | NLM_F_ACK, b -> b.string(NFTA_TABLE_NAME, table));
    }

    /** NFT_MSG_NEWCHAIN of a base chain: its table, name, hook { number, priority }, type and policy. */
    private static NlMsg newChain(String table, String chain, String type, int hook, int priority, int policy) {
        return message(NFT_MSG_NEWCHAIN, NLM_F_CREATE | NLM_F_ACK, b -> b.string(NFTA_CHAIN_TABLE, table)
                .string(NFTA_CHAIN_NAME, chain)
                .nest(NFTA_CHAIN_HOOK | NLA_F_NESTED, h -> h.bytes(NFTA_HOOK_HOOKNUM, be32(hook))
                        .bytes(NFTA_HOOK_PRIORITY, be32(priority)))
                .string(NFTA_CHAIN_TYPE, type)
                .bytes(NFTA_CHAIN_POLICY, be32(policy)));
    }

    /** NFT_MSG_NEWRULE appended at the end of {@code chain} (NLM_F_CREATE|NLM_F_APPEND, as {@code nft add rule}). */
    private static NlMsg newRule(String table, String chain, NftRule rule, int extraFlags) {
        return message(NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND | NLM_F_ACK | extraFlags, b -> {
            b.string(NFTA_RULE_TABLE, table).string(NFTA_RULE_CHAIN, chain);
            rule.writeTo(b);
        });
    }

    /** An nf_tables message ({@code NFT_MSG_*}) about the ip family: nfgenmsg, then what {@code body} writes. */
    private static NlMsg message(int msg, int flags, Consumer<NlMsg.Builder> body) {
        NlMsg.Builder b = NlMsg.builder(nftType(msg), flags).raw(nfgenmsg(NFPROTO_IPV4));
        body.accept(b);
        return b.build();
    }

    /**
     * Sends {@code changes} as one transaction: NFNL_MSG_BATCH_BEGIN, the changes, NFNL_MSG_BATCH_END,
     * in one datagram. The kernel checks and prepares every change, then commits all or aborts all.
     */
    private List<NlMsg> commit(List<NlMsg> changes, String what) {
        List<NlMsg> batch = new ArrayList<>();
        batch.add(NlMsg.builder(NFNL_MSG_BATCH_BEGIN, 0).raw(batchNfgenmsg()).build());
        batch.addAll(changes);
        batch.add(NlMsg.builder(NFNL_MSG_BATCH_END, 0).raw(batchNfgenmsg()).build());
        return socket.batch(batch, what);
    }

    @Override
    public void close() {
        socket.close();
    }
}
