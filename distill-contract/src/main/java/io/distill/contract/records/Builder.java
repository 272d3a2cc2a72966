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
 * stay null (an absent request field means "the default"); the generated methods carry none of the
 * components' annotations, which belong to the record alone.
 */
@RecordBuilder.Template(options = @RecordBuilder.Options(inheritComponentAnnotations = false))
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
@Inherited
public @interface Builder {}
