package dev.glassbox.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void memoryTakesDockersUnits() {
        assertEquals(33554432L, Limits.parseMemory("32m"));
        assertEquals(33554432L, Limits.parseMemory("32M"));
        assertEquals(33554432L, Limits.parseMemory("32mb"));
        assertEquals(33554432L, Limits.parseMemory("32MiB"));
        assertEquals(1024L, Limits.parseMemory("1k"));
        assertEquals(1073741824L, Limits.parseMemory("1g"));
        assertEquals(1610612736L, Limits.parseMemory("1.5g"));
        assertEquals(512L, Limits.parseMemory("512"));
        assertEquals(512L, Limits.parseMemory("512b"));
    }

    @Test
    void memoryWithAnUnknownUnitIsRefusedWithAHint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Limits.parseMemory("12q"));
        assertEquals("invalid --memory \"12q\": use a number with an optional unit b, k, m or g (e.g. 64m)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Limits.parseMemory("-5m"));
        assertThrows(IllegalArgumentException.class, () -> Limits.parseMemory(""));
    }

    @Test
    void memorySwapMinusOneMeansUnlimited() {
        assertEquals(-1L, Limits.parseMemorySwap("-1"));
        assertEquals(67108864L, Limits.parseMemorySwap("64m"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Limits.parseMemorySwap("x"));
        assertEquals("invalid --memory-swap \"x\": use a number with an optional unit b, k, m or g (e.g. 64m)", e.getMessage());
    }

    @Test
    void cpusBecomeAQuotaPerHundredMillisecondPeriod() {
        Limits l = Limits.fromCpus("1.5", 4);
        assertEquals(150000L, l.cpuQuotaMicros());
        assertEquals(100000L, l.cpuPeriodMicros());
        assertEquals(1.5, l.cpus());
        assertEquals(50000L, Limits.fromCpus("0.5", 4).cpuQuotaMicros());
        assertEquals(1000L, Limits.fromCpus("0.01", 4).cpuQuotaMicros());
        assertNull(Limits.fromCpus("0", 4).cpuQuotaMicros());
    }

    @Test
    void cpusOutsideTheMachineAreRefusedWithDockersMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Limits.fromCpus("3", 2));
        assertEquals("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Limits.fromCpus("-1", 2));
        assertThrows(IllegalArgumentException.class, () -> Limits.fromCpus("0.001", 2));
    }

    @Test
    void cpusThatAreNoNumberOrTooPreciseAreRefusedWithDockersMessages() {
        assertEquals("invalid argument \"abc\" for \"--cpus\" flag: failed to parse abc as a rational number",
                assertThrows(IllegalArgumentException.class, () -> Limits.fromCpus("abc", 2)).getMessage());
        assertEquals("invalid argument \"0.0000000001\" for \"--cpus\" flag: value is too precise",
                assertThrows(IllegalArgumentException.class, () -> Limits.fromCpus("0.0000000001", 2)).getMessage());
    }

    @Test
    void memoryBelowSixMegabytesIsRefusedAsDockerDoes() {
        Limits l = Limits.none().withMemory(Limits.parseMemory("4m"));
        assertEquals("Minimum memory limit allowed is 6MB", assertThrows(IllegalArgumentException.class, l::validate).getMessage());
        Limits.none().withMemory(Limits.parseMemory("6m")).validate();
    }

    @Test
    void swapFollowsDockersRules() {
        Limits m = Limits.none().withMemory(Limits.parseMemory("32m"));
        assertEquals(67108864L, m.effectiveMemorySwapBytes(), "only --memory: memory+swap is twice the memory");
        assertEquals(-1L, m.withMemorySwap(-1L).effectiveMemorySwapBytes());
        assertEquals("Minimum memoryswap limit should be larger than memory limit, see usage",
                assertThrows(IllegalArgumentException.class, () -> m.withMemorySwap(1024L * 1024).validate()).getMessage());
        assertEquals("You should always set the Memory limit when using Memoryswap limit, see usage",
                assertThrows(IllegalArgumentException.class,
                        () -> Limits.none().withMemorySwap(Limits.parseMemory("64m")).validate()).getMessage());
    }

    @Test
    void zeroMeansUnsetAsInDocker() {
        Limits l = new Limits(0L, 0L, 0L, 0, 0L);
        assertEquals(Limits.none(), l);
        assertNull(new Limits(null, null, null, 100000, -1L).pidsMax());
    }

    @Test
    void aTooSmallQuotaOrOddPeriodIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Limits.none().withCpu(500L, 100000).validate());
        assertThrows(IllegalArgumentException.class, () -> Limits.none().withCpu(50000L, 999).validate());
    }
}
