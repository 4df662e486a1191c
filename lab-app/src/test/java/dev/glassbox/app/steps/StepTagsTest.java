package dev.glassbox.app.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The tags the live views mark, read from the lines the engine's steps report. */
class StepTagsTest {
    @Test
    void cgroupLinesNameTheCgroupAsProcShowsIt() {
        assertEquals(List.of("cgroup:/glassbox/ab12"), NewContainerViewModel.otherTags("created /sys/fs/cgroup/glassbox/ab12", "web"));
        assertEquals(List.of("cgroup:/glassbox/ab12"), NewContainerViewModel.otherTags("created /sys/fs/cgroup/memory/glassbox/ab12", "web"));
        assertEquals(List.of("cgroup:/glassbox/ab12"), NewContainerViewModel.otherTags("PID 4692 joined glassbox/ab12", "web"));
        assertEquals(List.of("cgroup:/glassbox/ab12"), NewContainerViewModel.otherTags("/proc/4692/cgroup: 0::/glassbox/ab12", "web"));
    }

    @Test
    void capabilityLinesKeepBothMasksAndAnUnchangedSetIsNoTag() {
        assertEquals(List.of("caps:CapBnd:000001ffffffffff:00000000a80425fb"),
                NewContainerViewModel.otherTags("CapBnd: 000001ffffffffff -> 00000000a80425fb", "web"));
        assertEquals(List.of(), NewContainerViewModel.otherTags("CapEff: 00000000a80425fb -> 00000000a80425fb", "web"));
    }

    @Test
    void theVethLineNamesBothEnds() {
        assertEquals(List.of("iface:host/gb7d3a313ef", "iface:web/eth0"), NewContainerViewModel.otherTags(
                "veth pair: gb7d3a313ef (host, port of glassbox0) <-> eth0 (container)", "web"));
        assertEquals(List.of("iface:web/lo"), NewContainerViewModel.otherTags("lo: up, 127.0.0.1/8 (the only interface)", "web"));
        assertEquals(List.of(), NewContainerViewModel.otherTags("uts:   4026531838 -> 4026532175  (new)", "web"));
    }
}
