package io.distill.core.specialist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Batch K-means over the columns of a class covariance matrix (each class is the point given by
 * its column), with a cap on the size of each cluster: the paper's confusable subsets.
 *
 * <p>The assignment step is greedy under the cap: (class, cluster) pairs are taken nearest first,
 * and a class joins the nearest cluster that still has room. When {@code k * maxSize} is below the
 * number of classes, the classes farthest from every centroid are left out. Several seeded
 * k-means++ restarts are run and the one with the lowest within-cluster distance is kept.
 */
public final class ClassClustering {

    private static final int RESTARTS = 20;
    private static final int ITERATIONS = 100;

    private ClassClustering() {}

    /**
     * Up to {@code k} subsets of at most {@code maxSize} classes each, ordered by their smallest class.
     * With {@code overlap > 0}, each subset then also takes up to that many of the nearest classes of
     * other subsets, within the cap.
     */
    public static List<List<Integer>> cluster(double[][] covariance, int k, int maxSize, int overlap, long seed) {
        int n = covariance.length;
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k is " + k + ", expected 1 to " + n + " clusters.");
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize is " + maxSize + ", expected at least 1 class per cluster.");
        }
        Random random = new Random(seed);
        int[] best = null;
        double[][] bestCentroids = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int restart = 0; restart < RESTARTS; restart++) {
            double[][] centroids = initialCentroids(covariance, k, random);
            int[] assignment = null;
            for (int iteration = 0; iteration < ITERATIONS; iteration++) {
                int[] next = assign(covariance, centroids, maxSize);
                if (Arrays.equals(next, assignment)) {
                    break;
                }
                assignment = next;
                centroids = centroids(covariance, assignment, centroids);
            }
            double cost = cost(covariance, centroids, assignment);
            if (cost < bestCost - 1e-15) {
                bestCost = cost;
                best = assignment;
                bestCentroids = centroids;
            }
        }
        List<List<Integer>> subsets = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (best[i] == c) {
                    members.add(i);
                }
            }
            if (overlap > 0) {
                addNearest(covariance, bestCentroids[c], members, overlap, maxSize);
            }
            if (!members.isEmpty()) {
                members.sort(Comparator.naturalOrder());
                subsets.add(List.copyOf(members));
            }
        }
        subsets.sort(Comparator.comparing(s -> s.get(0)));
        return subsets;
    }

    /** k-means++: the first centroid at random, each next one drawn in proportion to squared distance. */
    private static double[][] initialCentroids(double[][] points, int k, Random random) {
        int n = points.length;
        double[][] centroids = new double[k][];
        centroids[0] = points[random.nextInt(n)].clone();
        for (int c = 1; c < k; c++) {
            double[] d = new double[n];
            double total = 0;
            for (int i = 0; i < n; i++) {
                d[i] = Double.POSITIVE_INFINITY;
                for (int j = 0; j < c; j++) {
                    d[i] = Math.min(d[i], distance(points[i], centroids[j]));
                }
                total += d[i];
            }
            double r = random.nextDouble() * total;
            int pick = n - 1;
            for (int i = 0; i < n; i++) {
                r -= d[i];
                if (r < 0 && d[i] > 0) {
                    pick = i;
                    break;
                }
            }
            centroids[c] = points[pick].clone();
        }
        return centroids;
    }

    /** Nearest pairs first; a class joins a cluster with room. Unplaced classes get -1. */
    private static int[] assign(double[][] points, double[][] centroids, int maxSize) {
        int n = points.length;
        List<int[]> pairs = new ArrayList<>();
        double[][] d = new double[n][centroids.length];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < centroids.length; c++) {
                d[i][c] = distance(points[i], centroids[c]);
                pairs.add(new int[] {i, c});
            }
        }
        pairs.sort(Comparator.<int[]>comparingDouble(p -> d[p[0]][p[1]]).thenComparingInt(p -> p[0])
                .thenComparingInt(p -> p[1]));
        int[] assignment = new int[n];
        Arrays.fill(assignment, -1);
        int[] sizes = new int[centroids.length];
        for (int[] p : pairs) {
            if (assignment[p[0]] < 0 && sizes[p[1]] < maxSize) {
                assignment[p[0]] = p[1];
                sizes[p[1]]++;
            }
        }
        return assignment;
    }

    /** Each cluster's mean; an empty cluster keeps its previous centroid. */
    private static double[][] centroids(double[][] points, int[] assignment, double[][] previous) {
        double[][] next = new double[previous.length][];
        for (int c = 0; c < previous.length; c++) {
            double[] sum = new double[points[0].length];
            int count = 0;
            for (int i = 0; i < points.length; i++) {
                if (assignment[i] == c) {
                    for (int j = 0; j < sum.length; j++) {
                        sum[j] += points[i][j];
                    }
                    count++;
                }
            }
            if (count == 0) {
                next[c] = previous[c];
            } else {
                for (int j = 0; j < sum.length; j++) {
                    sum[j] /= count;
                }
                next[c] = sum;
            }
        }
        return next;
    }

    private static double cost(double[][] points, double[][] centroids, int[] assignment) {
        double cost = 0;
        for (int i = 0; i < points.length; i++) {
            // A class left out costs its distance to the nearest centroid, so leaving out is never free.
            double d = Double.POSITIVE_INFINITY;
            for (double[] centroid : centroids) {
                d = Math.min(d, distance(points[i], centroid));
            }
            cost += assignment[i] >= 0 ? distance(points[i], centroids[assignment[i]]) : d;
        }
        return cost;
    }

    private static void addNearest(double[][] points, double[] centroid, List<Integer> members, int overlap,
            int maxSize) {
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            if (!members.contains(i)) {
                others.add(i);
            }
        }
        others.sort(Comparator.comparingDouble(i -> distance(points[i], centroid)));
        for (int i = 0; i < Math.min(overlap, others.size()) && members.size() < maxSize; i++) {
            members.add(others.get(i));
        }
    }

    /** Squared Euclidean distance. */
    static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }
}
