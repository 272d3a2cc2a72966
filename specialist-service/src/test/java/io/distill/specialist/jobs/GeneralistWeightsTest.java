package io.distill.specialist.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.engine.Engine;
import io.distill.contract.metrics.EvalResult;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.DatasetNames;
import io.distill.core.data.BatchedDataset;
import io.distill.core.data.Datasets;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Evaluation;
import io.distill.core.eval.Inference;
import io.distill.core.model.Engines;
import io.distill.core.model.Models;
import io.distill.core.specialist.ClassSubset;
import io.distill.core.train.DistillationLoss;
import io.distill.core.train.TrainConfig;
import io.distill.core.train.TrainingLoop;
import io.distill.specialist.SmallEnsembleProfile;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Quarkus test only so that DJL is loaded once, by the same class loader as the service tests. */
@QuarkusTest
@TestProfile(SmallEnsembleProfile.class)
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class GeneralistWeightsTest {

    @Test
    void aFreshSpecialistGivesTheGeneralistsLogitsOnItsClassesAndTheMeanPlusLogCountOnItsDustbin()
            throws Exception {
        Engines.configure(Path.of("target", "djl-cache").toAbsolutePath());
        Engine engine = Engines.engine(Engines.DEFAULT_ENGINE);
        ExampleSet images = Datasets.load(Path.of(System.getenv("DISTILL_DATA_DIR")), DatasetNames.MNIST).test().limit(20);
        Architecture architecture = Architecture.plain(784, List.of(32), 10);
        ClassSubset subset = new ClassSubset(List.of(3, 5, 8), 10);
        try (Model generalist = Models.create("g", architecture, engine, engine.defaultDevice(), 3);
                Model specialist = Models.create("s", architecture.withOutputs(4), engine, engine.defaultDevice(), 4)) {
            GeneralistWeights.of(Models.classifier(generalist)).initialise(Models.classifier(specialist), subset);

            float[] g = Inference.logits(generalist.getBlock(), generalist.getNDManager(), images, 10);
            float[] s = Inference.logits(specialist.getBlock(), specialist.getNDManager(), images, 10);

            for (int i = 0; i < images.size(); i++) {
                double others = 0;
                for (int c = 0; c < 10; c++) {
                    if (subset.contains(c)) {
                        assertThat(s[i * 4 + subset.output(c)]).isCloseTo(g[i * 10 + c], within(1e-4f));
                    } else {
                        others += g[i * 10 + c] / 7.0;
                    }
                }
                assertThat((double) s[i * 4 + 3]).isCloseTo(others + Math.log(7), within(1e-4));
            }
        }
    }

    @Test
    void aFreshControlIsTheGeneralistWithItsTestErrorsBeforeItTrainsAStep() throws Exception {
        Engines.configure(Path.of("target", "djl-cache").toAbsolutePath());
        Engine engine = Engines.engine(Engines.DEFAULT_ENGINE);
        Datasets.Splits data = Datasets.load(Path.of(System.getenv("DISTILL_DATA_DIR")), DatasetNames.MNIST);
        ExampleSet test = data.test().limit(1_000);
        Architecture architecture = Architecture.plain(784, List.of(32), 10);
        try (Model generalist = Models.create("g", architecture, engine, engine.defaultDevice(), 3);
                Model control = Models.create("c", architecture, engine, engine.defaultDevice(), 4)) {
            // A generalist that has learned something, so that its errors are its own and not chance's.
            TrainingLoop.fit(generalist, BatchedDataset.builder(data.train().limit(2_000)).batchSize(100)
                    .shuffle(true).seed(3).build(), null, TrainConfig.builder().epochs(1).batchSize(100)
                    .learningRate(0.1).seed(3).build(), DistillationLoss.hard(), 0, List.of());
            EvalResult g = Evaluation.evaluate(generalist.getBlock(), generalist.getNDManager(), test, 100);
            EvalResult before = Evaluation.evaluate(control.getBlock(), control.getNDManager(), test, 100);
            assertThat(before.errors()).as("a net of its own seed is not the generalist").isNotEqualTo(g.errors());

            GeneralistWeights.of(Models.classifier(generalist)).initialise(Models.classifier(control));

            EvalResult after = Evaluation.evaluate(control.getBlock(), control.getNDManager(), test, 100);
            assertThat(after.errors()).isEqualTo(g.errors()).isLessThan(before.errors());
            assertThat(after.perClassErrors()).containsExactly(g.perClassErrors());
            float[] gl = Inference.logits(generalist.getBlock(), generalist.getNDManager(), test, 100);
            float[] cl = Inference.logits(control.getBlock(), control.getNDManager(), test, 100);
            assertThat(cl).containsExactly(gl, within(1e-6f));
        }
    }

    @Test
    void aControlWithAnotherOutputLayerThanTheGeneralistsIsRefused() throws Exception {
        Engines.configure(Path.of("target", "djl-cache").toAbsolutePath());
        Engine engine = Engines.engine(Engines.DEFAULT_ENGINE);
        Architecture architecture = Architecture.plain(784, List.of(32), 10);
        try (Model generalist = Models.create("g", architecture, engine, engine.defaultDevice(), 3);
                Model other = Models.create("o", architecture.withOutputs(4), engine, engine.defaultDevice(), 4)) {
            GeneralistWeights weights = GeneralistWeights.of(Models.classifier(generalist));

            assertThatThrownBy(() -> weights.initialise(Models.classifier(other)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected the generalist's 10");
        }
    }
}
