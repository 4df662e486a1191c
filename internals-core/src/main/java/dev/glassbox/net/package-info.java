/**
 * Container networking through rtnetlink, built and parsed in Java over the FFM API.
 *
 * <p>Layers, bottom up: {@link dev.glassbox.net.NetlinkCalls} (socket calls) and
 * {@link dev.glassbox.net.NetlinkSocket} (requests, acknowledgements, dumps);
 * {@link dev.glassbox.net.NlMsg} with {@link dev.glassbox.net.IfInfoMsg},
 * {@link dev.glassbox.net.IfAddrMsg}, {@link dev.glassbox.net.RtMsg} and {@link dev.glassbox.net.Attrs}
 * (the bytes, named after C); {@link dev.glassbox.net.Rtnl} (what {@code ip link/addr/route} do);
 * {@link dev.glassbox.net.NetNs} (run code in another network namespace). On top, what a container
 * runtime needs: {@link dev.glassbox.net.Ipam}, {@link dev.glassbox.net.BridgeNetwork},
 * {@link dev.glassbox.net.EtcFiles}, {@link dev.glassbox.net.PortSpec} and {@link dev.glassbox.net.PortProxy}.
 * Nothing here runs {@code ip}; tests use it as the reference.
 */
package dev.glassbox.net;
