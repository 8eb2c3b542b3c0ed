"""
roc.py - ROC AUC and error rates of a binary classifier's scores.
"""


def auc(scores, labels):
    """Area under the ROC curve: the probability that a random spam scores
    above a random ham, ties counting one half (Mann-Whitney U).
    labels: 1 spam, 0 ham. Returns None when a class is empty."""
    pairs = sorted(zip(scores, labels), key=lambda t: t[0])
    n_pos = sum(1 for _, y in pairs if y)
    n_neg = len(pairs) - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    rank_sum = 0.0
    i = 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        avg_rank = (i + 1 + j) / 2.0          # ranks i+1 .. j
        rank_sum += avg_rank * sum(1 for k in range(i, j) if pairs[k][1])
        i = j
    u = rank_sum - n_pos * (n_pos + 1) / 2.0
    return u / (n_pos * n_neg)


def rates(verdicts, labels):
    """FP rate (ham called spam / ham), FN rate (spam not called spam /
    spam) and unsure share, from verdict strings spam/ham/unsure."""
    ham = [v for v, y in zip(verdicts, labels) if not y]
    spam = [v for v, y in zip(verdicts, labels) if y]
    fp = sum(1 for v in ham if v == "spam")
    fn = sum(1 for v in spam if v != "spam")
    uns = sum(1 for v in verdicts if v == "unsure")
    return {
        "fp_rate": fp / len(ham) if ham else 0.0,
        "fn_rate": fn / len(spam) if spam else 0.0,
        "unsure": uns / len(verdicts) if verdicts else 0.0,
        "fp": fp, "fn": fn, "n_ham": len(ham), "n_spam": len(spam),
    }
