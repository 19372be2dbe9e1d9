// The container of repeated @InjectSyscallFault annotations.
package dev.sysfault.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/** Several {@link InjectSyscallFault}s on one element; Java writes this for you when you repeat the annotation. */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(SyscallFaultExtension.class)
public @interface InjectSyscallFaults {

    InjectSyscallFault[] value();
}
