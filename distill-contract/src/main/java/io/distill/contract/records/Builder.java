package io.distill.contract.records;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Generates {@code <Record>Builder} beside a wide record: {@code builder()}, {@code builder(from)} and
 * {@code with<Component>} methods, so that nobody calls its constructor positionally. Absent components
 * stay null, {@code Optional} ones too: in a request null means "the default" and an empty
 * {@code Optional} an explicit JSON null, so the builder must not turn one into the other. No static
 * positional factory is generated, since it would be the constructor again under another name; the
 * generated methods carry none of the components' annotations, which belong to the record alone.
 */
@RecordBuilder.Template(options = @RecordBuilder.Options(inheritComponentAnnotations = false,
        emptyDefaultForOptional = false, addStaticBuilder = false))
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
@Inherited
public @interface Builder {}
