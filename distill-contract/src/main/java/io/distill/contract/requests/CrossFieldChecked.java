package io.distill.contract.requests;

import java.util.List;

/** A request whose fields must agree with one another; {@link CrossField} reports what does not. */
public interface CrossFieldChecked {

    /** The rules between fields that this request breaks; empty when it keeps them all. */
    List<FieldProblem> crossFieldProblems();
}
