package io.distill.contract.requests;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * {@code POST /teachers/imports}: a classifier trained elsewhere, an ONNX file a user copied to {@code uploads/}
 * in the bucket, registered as a teacher of a data set. It is checked against the set (its input layout and
 * class count), scored on the set's test and validation splits, stored and announced like a trained teacher.
 *
 * @param source  the file's key under {@code uploads/} in the bucket
 * @param dataset the registered set, by id or name, that the model classifies
 * @param input   how the model takes an example and what it outputs; raw channels-first values and logits
 *                when absent
 */
public record TeacherImport(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9._/-]{1,512}", message = "must be a key under uploads/: letters,"
                + " digits, '.', '_', '-' and '/'") String source,
        @NotBlank String dataset,
        @Valid InputForm input) {

    public TeacherImport {
        input = input == null ? InputForm.EXPORTED : input;
    }
}
