package dev.glassbox.net;

import java.net.Inet4Address;

/**
 * A container's place on a bridge network, as {@link BridgeNetwork#attach} made it.
 *
 * @param network the network's name ("bridge" for the default one)
 * @param containerId the container
 * @param hostVeth the host end of the veth pair, a port of the bridge (e.g. {@code gb1a2b3c4d5})
 * @param hostIfIndex its ifindex in the host namespace
 * @param containerIfName the container end's name (e.g. {@code eth0})
 * @param containerIfIndex its ifindex inside the container's namespace
 * @param ip the container's address (its IPAM lease)
 * @param prefixLength the subnet's prefix length
 * @param gateway the bridge's address, the container's default gateway
 * @param mac the container end's MAC address
 */
public record Attachment(String network, String containerId, String hostVeth, int hostIfIndex,
        String containerIfName, int containerIfIndex, Inet4Address ip, int prefixLength, Inet4Address gateway,
        String mac) {

    /** {@code 172.17.0.2/16}. */
    public String cidr() {
        return ip.getHostAddress() + "/" + prefixLength;
    }
}
