package io.distill.server.jobs;

import io.distill.contract.jobs.FieldException;
import io.distill.contract.jobs.Job;
import io.distill.contract.jobs.JobCancelledException;
import io.distill.contract.jobs.JobEpoch;
import io.distill.contract.jobs.JobState;
import io.distill.contract.metrics.RunMetrics;
import io.distill.contract.runs.PlanJobs;
import io.distill.server.messaging.ProgressPublisher;
import io.distill.server.outages.Outage;
import io.distill.server.outages.UntilBack;
import io.distill.server.problems.UnknownIdException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * What every service's jobs share: creating them once, lookup, listing, cancelling from any replica,
 * fanning out into child jobs, and ending with a {@code JobResult}. Jobs run wherever the clustered
 * scheduler hands them ({@link JobRunner}); a service registers each of its kinds with the one handler
 * that does a job's work ({@link #handle}), and is the source of its kinds for the store.
 * Subclasses are {@code @Singleton} beans: they need no client proxy.
 */
public abstract class JobControl implements JobKinds {

    private static final Logger LOG = Logger.getLogger(JobControl.class);

    protected final JobRunner runner;
    protected final ProgressPublisher progress;
    protected final String service;
    protected final JobMetrics metrics;
    private final JobStore store;
    private final Context context;
    private final Validator validator;
    private final KindHandlers handlers = new KindHandlers();
    private final String noun;
    private final String instance;

    /** A service's jobs; {@code noun} names them in logs and answers ("teacher job"). */
    protected JobControl(Context context, String noun) {
        this.store = context.store();
        this.runner = context.runner();
        this.progress = context.progress();
        this.service = context.service();
        this.instance = context.instance();
        this.metrics = context.metrics();
        this.validator = context.validator();
        this.context = context;
        this.noun = noun;
    }

    /** What a service's jobs are made with; one bean per service ({@link JobContext}). */
    public record Context(JobStore store, JobEpochs epochs, JobRunner runner, ProgressPublisher progress, ResultAnnouncements results,
            JobMetrics metrics, Validator validator, String service, String instance, int maxAttempts,
            Duration outageRetryDelay) {}

    /**
     * Registers {@code kind}, whose jobs {@code handler} runs, once, in the service's constructor. A
     * handler does a running job's work and records its results (see {@link #complete}). Throwing
     * {@link JobCancelledException} ends the job CANCELLED; {@link AwaitingChildren} leaves it
     * RUNNING until a child ends; anything else ends it FAILED, unless the replica is shutting down:
     * then the job is queued again, whatever stopped it.
     */
    protected final <R extends Record> void handle(JobKind<R> kind, JobKind.Handler<R> handler) {
        handlers.add(kind, handler);
    }

    @Override
    public JobKind<?> kind(String name) {
        return handlers.kind(name);
    }

    /**
     * Takes job {@code id} on this replica to SUCCEEDED, FAILED or CANCELLED; the scheduler calls it.
     * A job started {@code distill.jobs.max-attempts} times already is FAILED instead of started again.
     * Its start and its end are written even if the database is away when they come: the worker waits.
     */
    final void run(String id) {
        // The trigger that fired is spent: were the start lost to an outage, nothing would run the job again.
        Optional<Job> start = UntilBack.fromDatabase(id + "'s start", () -> start(id), runner::isStopping);
        if (start.isEmpty()) {
            return;
        }
        Job started = start.get();
        try {
            handlers.execute(started);
        } catch (AwaitingChildren e) {
            LOG.debugf("%s %s waits for %s", noun, id, e.getMessage());
            return;
        } catch (JobTakenOverException e) {
            LOG.warnf("%s %s: %s", noun, id, e.getMessage());
            return;
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            untilDatabaseBack(id + "'s end", () -> stopped(started, e));
            return;
        }
        // Outside the try: what follows success (events, housekeeping) never turns it into a failure.
        untilDatabaseBack(id + "'s end", () -> finish(id, JobState.SUCCEEDED, null));
    }

    /**
     * Job {@code id} as it starts here, its attempt counted; empty when it is not to run: it ended, was
     * cancelled, or used its last attempt.
     */
    private Optional<Job> start(String id) {
        Optional<Job> found = store.get(id);
        if (found.isEmpty() || found.get().state().isFinal()) {
            forget(id);
            return Optional.empty();
        }
        Job job = found.get();
        if (store.isCancelRequested(id)) {
            if (unfinishedChildren(job) == 0) {
                finish(id, JobState.CANCELLED, "cancelled before it finished");
            }
            return Optional.empty();
        }
        // A parent woken by its children is the same attempt; anything else is a new start.
        if (job.state() == JobState.RUNNING && !job.children().isEmpty()) {
            return found;
        }
        if (job.attempts() >= context.maxAttempts()) {
            finish(id, JobState.FAILED, "was started " + job.attempts() + " times without finishing, the most"
                    + " allowed (distill.jobs.max-attempts); " + (job.error() == null
                            ? "its replica stopped each time (killed, or out of memory)" : job.error()));
            return Optional.empty();
        }
        Job started = store.update(id, j -> j.startedOn(instance));
        LOG.infof("%s %s starts on %s (attempt %d)", noun, id, instance, started.attempts());
        return Optional.of(started);
    }

    /** How a run that threw ends: handed back, queued again after an outage, CANCELLED or FAILED. */
    private void stopped(Job job, Throwable e) {
        boolean cancelled = store.isCancelRequested(job.id());
        Optional<Outage> outage = Outage.of(e);
        if (runner.isStopping() && !cancelled) {
            stoppedWithReplica(job, e);
        } else if (e instanceof JobCancelledException || cancelled) {
            ended(job, JobState.CANCELLED, e instanceof JobCancelledException ? e.getMessage()
                    : "cancelled; it stopped with: " + reason(e));
        } else if (outage.isPresent()) {
            retryAfterOutage(job, outage.get(), e);
        } else if (e instanceof OutOfMemoryError) {
            LOG.errorf(e, "%s %s ran out of memory", noun, job.id());
            ended(job, JobState.FAILED, "ran out of memory (" + reason(e) + "); it is not retried: give this"
                    + " replica more memory or ask for a smaller job");
        } else {
            LOG.errorf(e, "%s %s failed", noun, job.id());
            ended(job, JobState.FAILED, reason(e));
        }
    }

    /**
     * A job stopped because the database or the object store was away is not a failure: it stays
     * RUNNING and starts again after {@code distill.jobs.outage-retry-delay}, from its last checkpoint;
     * the start is handed back, as at a graceful shutdown: the cap is for jobs that kill their replica,
     * not for a dependency that is away. The reason stays in {@code error} while it waits.
     */
    private void retryAfterOutage(Job job, Outage outage, Throwable e) {
        store.update(job.id(), j -> j.handedBack().withState(j.state(), "stopped because " + outage.what()
                + " was unavailable: " + reason(e)));
        runner.queueAfter(job.id(), context.outageRetryDelay());
        LOG.warnf("%s %s stopped because %s is unavailable; it starts again in %d s (%s)", noun, job.id(),
                outage.what(), context.outageRetryDelay().toSeconds(), reason(e));
    }

    private void untilDatabaseBack(String what, Runnable step) {
        UntilBack.database(what, step, runner::isStopping);
    }

    /**
     * A job stopped because its replica is shutting down (whatever it threw then: the stop itself, or
     * a client closed under it) is not a failure: it stays RUNNING and is queued again, to resume from
     * its last checkpoint on another replica, or on this one once restarted. The start is handed back:
     * it does not count against the cap.
     */
    private void stoppedWithReplica(Job job, Throwable e) {
        // Every stop check throws JobCancelledException, whose message speaks of a cancel.
        String how = e instanceof JobCancelledException ? "at its next check" : reason(e);
        try {
            store.update(job.id(), Job::handedBack);
            runner.queue(job.id());
            LOG.infof("%s %s stopped with %s and is queued again (%s)", noun, job.id(), instance, how);
        } catch (RuntimeException q) {
            LOG.errorf("%s %s stopped with %s and could not be queued again (%s); cancel or resubmit it",
                    noun, job.id(), instance, q.getMessage());
        }
    }

    /** A listener that reports job {@code id}'s training run and stops it when the job is cancelled. */
    protected ProgressTracker tracker(String id) {
        return new ProgressTracker(context, id, store.get(id).map(Job::attempts).orElse(0));
    }

    /** Records a job's results: its metrics and models, all of it done. */
    protected Job complete(String id, RunMetrics metrics, List<String> modelIds) {
        return store.update(id, j -> j.withResults(metrics, modelIds)
                .withProgress(j.epochs(), 1.0, j.examplesPerSecond(), j.trainLoss(), j.validationErrors(), 0.0));
    }

    /** Records how far a job that is not trained (a stream, say) has come: its metrics so far and its pace. */
    protected Job progressed(String id, RunMetrics soFar, int epoch, double fraction, double rate, Double eta) {
        return store.update(id, j -> j.withResults(soFar, j.modelIds()).withProgress(epoch, fraction, rate, null,
                null, eta));
    }

    /**
     * Changes job {@code id} and queues it again if, under its row lock, it is as {@code when} asks;
     * returns it as changed, or empty when it was not. Two calls at once queue it once.
     */
    protected Optional<Job> requeueIf(String id, Predicate<Job> when, UnaryOperator<Job> change) {
        return runner.requeueIf(id, when, change);
    }

    /** Ends a job that did not succeed; a service may add to it (a FAILED manifest, say). */
    protected Job ended(Job job, JobState state, String reason) {
        return finish(job.id(), state, reason);
    }

    public Job get(String id) {
        return find(id).orElseThrow(() -> new UnknownIdException(noun, id));
    }

    /** Job {@code id}, if this service has it. */
    public Optional<Job> find(String id) {
        return store.get(id);
    }

    /** Job {@code id}'s epochs as they ended, first to last; an unknown id is an {@link UnknownIdException}. */
    public List<JobEpoch> epochs(String id) {
        get(id);
        return context.epochs().of(id);
    }

    public List<Job> list() {
        return store.list();
    }

    /** A page of the jobs {@code filter} selects, oldest first; a kind this service does not run is a 400. */
    public JobStore.Page list(JobFilter filter) {
        if (filter.kind() != null && !handlers.names().contains(filter.kind())) {
            throw new FieldException("kind", "is " + filter.kind() + ", which this service does not run (its kinds: "
                    + String.join(", ", new java.util.TreeSet<>(handlers.names())) + ")");
        }
        return store.list(filter);
    }

    /** Stores a new queued job for {@code request}, with id {@code <prefix>-<8 hex digits>}, and queues it. */
    protected <R extends Record> Job submitNew(String prefix, JobKind<R> kind, int epochs, R request) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        return createOnce(kind.queued(id, epochs, request));
    }

    /**
     * Stores {@code job} and queues it, unless a job with its id exists; either way returns the stored
     * job. A job derived from an event is created once however often the event is delivered.
     */
    protected Job createOnce(Job job) {
        return runner.create(job) ? job : get(job.id());
    }

    /** Records a job that could not be started (a bad plan entry, say), FAILED with its reason, once. */
    protected Job createFailed(Job job, String reason) {
        Job failed = job.withState(JobState.FAILED, reason);
        if (store.insert(failed)) {
            publishResult(failed);
        }
        return get(job.id());
    }

    /** Makes the job a plan entry asks for, under the id derived for it. */
    @FunctionalInterface
    public interface PlannedJob<E> {
        Job create(String id, E entry);
    }

    /**
     * Starts the jobs that a plan carried by event {@code eventId} lists: entry {@code i} becomes job
     * {@code <eventId>-<tag><i>}, created once however often the event is delivered. Each entry is
     * validated first, as the REST API would; an entry that cannot start (invalid, or its data set
     * unreadable, say) is recorded FAILED with its reason, as a job of {@code kind} whose request is
     * {@code recorded} of the entry, and the others still start: the event is not dead-lettered for it.
     * An outage of the database or the object store is thrown, for the event to be handled again.
     */
    public <E, R extends Record> void startPlanned(String eventId, String tag, List<E> entries, JobKind<R> kind,
            Function<E, R> recorded, PlannedJob<E> start) {
        for (int i = 0; i < entries.size(); i++) {
            String id = PlanJobs.plannedId(eventId, tag, i);
            E entry = entries.get(i);
            try {
                requireValid(entry);
                Job job = start.create(id, entry);
                LOG.infof("Plan of %s: %s %s is %s", eventId, noun, id, job.state());
            } catch (RuntimeException e) {
                // An outage is not the entry's fault: the event is handled again once it is over.
                if (Outage.of(e).isPresent()) {
                    throw e;
                }
                LOG.warnf("Plan of %s: %s %s cannot start: %s", eventId, noun, id, reason(e));
                createFailed(kind.queued(id, 0, entry == null ? null : recorded.apply(entry)), reason(e));
            }
        }
    }

    /** Throws, naming each bad field, unless {@code entry} keeps its constraints. */
    private void requireValid(Object entry) {
        if (entry == null) {
            throw new IllegalArgumentException("The plan entry is null.");
        }
        Set<ConstraintViolation<Object>> violations = validator.validate(entry);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("The plan entry is invalid: " + violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted()
                    .collect(Collectors.joining("; ")) + ".");
        }
    }

    /**
     * Fans {@code parent} out into {@code children}, creating and queueing each once, for any replica
     * to run. Returns them, in order, once all have succeeded; throws {@link AwaitingChildren} while
     * any is unfinished (the parent is run again when one ends), and fails when one failed.
     */
    protected List<Job> fanOut(Job parent, List<Job> children) {
        List<String> ids = children.stream().map(Job::id).toList();
        if (!parent.children().equals(ids)) {
            store.update(parent.id(), j -> j.withChildren(ids));
        }
        List<Job> stored = new ArrayList<>();
        for (Job child : children) {
            stored.add(createOnce(child));
        }
        long unfinished = stored.stream().filter(c -> !c.state().isFinal()).count();
        if (unfinished > 0) {
            throw new AwaitingChildren(unfinished + " of " + ids.size() + " child jobs");
        }
        for (Job child : stored) {
            if (child.state() == JobState.CANCELLED) {
                throw new JobCancelledException("Child job " + child.id() + " was cancelled.");
            }
            if (child.state() == JobState.FAILED) {
                throw new IllegalStateException("Child job " + child.id() + " failed: " + child.error());
            }
        }
        return stored;
    }

    /**
     * Cancels a queued job at once, or asks a running one (and its children) to stop, on any replica.
     * A running job is also queued: the scheduler runs it again once no replica runs it (at once when
     * none does, say after a crash), and that run ends it CANCELLED; so a cancel ends a job always.
     */
    public Job cancel(String id) {
        Job job = get(id);
        if (job.state().isFinal()) {
            return job;
        }
        store.requestCancel(id);
        for (Job child : store.children(id)) {
            cancelIfQueued(child);
        }
        if (cancelIfQueued(job).state() == JobState.RUNNING) {
            runner.queue(id);
        }
        return get(id);
    }

    private Job cancelIfQueued(Job job) {
        Job updated = store.update(job.id(), j -> j.state() == JobState.QUEUED
                ? j.withState(JobState.CANCELLED, "cancelled before it started") : j);
        if (updated.state() == JobState.CANCELLED && job.state() == JobState.QUEUED) {
            announce(updated);
        }
        return updated;
    }

    /** Sets the job's final state and publishes its {@code JobResult}. */
    protected Job finish(String id, JobState state, String error) {
        // Repeated after an outage, it changes nothing that is already so (the end keeps its time).
        Job done = store.update(id, j -> j.state() == state ? j : j.withState(state, error));
        announce(done);
        return done;
    }

    /** Publishes a final job's result, drops it from the scheduler, and wakes its parent. */
    private void announce(Job done) {
        publishResult(done);
        forget(done.id());
        metrics.jobEnded();
        if (done.parentId() != null) {
            store.get(done.parentId()).filter(p -> !p.state().isFinal()).ifPresent(p -> {
                List<Job> siblings = store.children(p.id());
                long ended = siblings.stream().filter(c -> c.state().isFinal()).count();
                store.update(p.id(), j -> j.withProgress(j.epoch(), (double) ended / Math.max(1, siblings.size()),
                        j.examplesPerSecond(), j.trainLoss(), j.validationErrors(), null));
                wake(p.id());
            });
        }
    }

    private void publishResult(Job done) {
        context.results().announce(done);
    }

    /**
     * Queues a parent again so that it sees its child's end: the worker waits through an outage of the
     * database, and another refusal is retried, then reported.
     */
    private void wake(String parentId) {
        for (int attempt = 1; ; attempt++) {
            try {
                untilDatabaseBack("waking " + parentId, () -> runner.queue(parentId));
                return;
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    LOG.errorf(e, "%s %s could not be woken by its child; cancel or resubmit it", noun, parentId);
                    return;
                }
                LOG.warnf("%s %s: waking it failed (%s); trying again", noun, parentId, e.getMessage());
            }
        }
    }

    /**
     * Drops a final job from the scheduler. Housekeeping that never fails the job: if another replica
     * holds one of its triggers right now, the trigger finds the job final when it fires and the job
     * is forgotten then.
     */
    private void forget(String id) {
        try {
            runner.forget(id);
        } catch (RuntimeException e) {
            LOG.debugf("%s %s stays on the scheduler for now: %s", noun, id, e.getMessage());
        }
    }

    private long unfinishedChildren(Job job) {
        return store.children(job.id()).stream().filter(c -> !c.state().isFinal()).count();
    }

    /** A failure's message, or its type when it has none. */
    protected static String reason(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Thrown by {@link #fanOut} while children are unfinished: the parent waits without holding a worker. */
    protected static final class AwaitingChildren extends RuntimeException {
        AwaitingChildren(String what) {
            super(what, null, false, false);
        }
    }
}
