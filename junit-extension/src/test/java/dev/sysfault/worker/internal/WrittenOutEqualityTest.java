// The records whose equals and hashCode are written out (for start-up time) still compare every component.
package dev.sysfault.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WrittenOutEqualityTest {

    @Test
    void workerSettingsDifferInEachComponent() throws Exception {
        everyComponentCounts(WorkerSettings.from(name -> Optional.empty()));
    }

    @Test
    void workerCommandsDifferInEachComponent() throws Exception {
        everyComponentCounts(new WorkerCommand(List.of("java", "-cp", "a.jar"), true));
    }

    private static <R extends Record> void everyComponentCounts(R record) throws Exception {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            components[i].getAccessor().setAccessible(true);
            values[i] = components[i].getAccessor().invoke(record);
        }
        Constructor<?> canonical = record.getClass().getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        canonical.setAccessible(true);
        Object same = canonical.newInstance(values.clone());
        assertThat(same).isEqualTo(record).hasSameHashCodeAs(record);
        for (int i = 0; i < components.length; i++) {
            Object[] changed = values.clone();
            changed[i] = other(values[i]);
            assertThat(canonical.newInstance(changed)).as(components[i].getName()).isNotEqualTo(record);
        }
    }

    private static Object other(Object value) {
        if (value instanceof Boolean b) {
            return !b;
        } else if (value instanceof Integer n) {
            return n + 1;
        } else if (value instanceof Duration d) {
            return d.plusSeconds(1);
        } else if (value instanceof Path p) {
            return p.resolve("other");
        } else if (value instanceof List<?> l) {
            return l.isEmpty() ? List.of("other") : l.subList(1, l.size());
        }
        throw new IllegalArgumentException("no other value of " + value.getClass() + " here: add one");
    }
}
