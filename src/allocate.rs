//! Spreading a discount over lines: proportional to what remains of each line, rounded
//! to minor units by the largest remainder, ties to the earlier line.

/// Splits `amount` minor units over `weights` (what remains of each line).
///
/// The shares sum exactly to `amount` (clamped to the sum of the weights) and no share
/// exceeds its weight or is negative.
pub(crate) fn allocate(amount: i128, weights: &[i128]) -> Vec<i128> {
    let total: i128 = weights.iter().map(|w| (*w).max(0)).sum();
    let amount = amount.clamp(0, total);
    let mut shares = vec![0i128; weights.len()];
    if amount == 0 || total == 0 {
        return shares;
    }
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    let mut given = 0i128;
    for (i, w) in weights.iter().enumerate() {
        let w = (*w).max(0);
        let exact = amount * w;
        shares[i] = exact / total;
        given += shares[i];
        remainders.push((exact % total, i));
    }
    // Largest remainder first; ties keep the earlier line first.
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut left = amount - given;
    for (rem, i) in remainders {
        if left == 0 {
            break;
        }
        if rem > 0 && shares[i] < weights[i] {
            shares[i] += 1;
            left -= 1;
        }
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::allocate;

    #[track_caller]
    fn splits(amount: i128, weights: &[i128], expected: &[i128]) {
        let got = allocate(amount, weights);
        assert_eq!(got, expected);
        assert_eq!(got.iter().sum::<i128>(), amount.min(weights.iter().sum()));
    }

    #[test]
    fn awkward_splits() {
        // 3.00 over 43.00 / 14.00 / 23.00
        splits(300, &[4300, 1400, 2300], &[161, 53, 86]);
        // 10.00 over three equal lines: the extra cent goes to the first line
        splits(1000, &[2000, 2000, 2000], &[334, 333, 333]);
        splits(1, &[1, 1, 1], &[1, 0, 0]);
        splits(2, &[1, 1, 1], &[1, 1, 0]);
        splits(0, &[100, 200], &[0, 0]);
        splits(500, &[100, 0, 400], &[100, 0, 400]);
        splits(10_000, &[100, 200], &[100, 200]);
        splits(7, &[0, 0], &[0, 0]);
    }
}
