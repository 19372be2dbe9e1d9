// Which image, if any, a test's worker runs in: a @GlibcMatrix invocation's, else the nearest @RunInContainer.
package dev.sysfault.junit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Modifier;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** The method's annotation, then its class's, then the enclosing classes'. */
final class ContainerImages {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ContainerImages.class);

    private ContainerImages() {
    }

    static void chooseForThisTest(ExtensionContext context, String image) {
        context.getStore(NAMESPACE).put(String.class, image);
    }

    static Optional<String> of(ExtensionContext context) {
        String chosen = context.getStore(NAMESPACE).get(String.class, String.class);
        if (chosen != null) {
            return Optional.of(chosen);
        }
        if (context.getTestMethod().isEmpty()) {
            return Optional.empty();
        }
        Optional<String> onMethod = annotated(context.getRequiredTestMethod());
        if (onMethod.isPresent()) {
            return onMethod;
        }
        for (Class<?> c = context.getRequiredTestClass(); c != null;
                c = c.isMemberClass() && !Modifier.isStatic(c.getModifiers()) ? c.getEnclosingClass() : null) {
            Optional<String> onClass = annotated(c);
            if (onClass.isPresent()) {
                return onClass;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> annotated(AnnotatedElement element) {
        return AnnotationSupport.findAnnotation(element, RunInContainer.class).map(RunInContainer::value);
    }
}
