//! Property tests for the laws the library promises: Kleene's three-valued logic over `Ternary`,
//! and money that always reconciles when split.

use ecomap::eligibility::Ternary;
use ecomap::money::Money;
use proptest::prelude::*;

fn ternary() -> impl Strategy<Value = Ternary> {
    prop_oneof![
        Just(Ternary::No),
        Just(Ternary::Unknown),
        Just(Ternary::Yes)
    ]
}

proptest! {
    #[test]
    fn and_or_are_commutative(a in ternary(), b in ternary()) {
        prop_assert_eq!(a & b, b & a);
        prop_assert_eq!(a | b, b | a);
    }

    #[test]
    fn and_or_are_associative(a in ternary(), b in ternary(), c in ternary()) {
        prop_assert_eq!((a & b) & c, a & (b & c));
        prop_assert_eq!((a | b) | c, a | (b | c));
    }

    #[test]
    fn de_morgan(a in ternary(), b in ternary()) {
        prop_assert_eq!(!(a & b), !a | !b);
        prop_assert_eq!(!(a | b), !a & !b);
    }

    #[test]
    fn absorption(a in ternary(), b in ternary()) {
        prop_assert_eq!(a & (a | b), a);
        prop_assert_eq!(a | (a & b), a);
    }

    #[test]
    fn double_negation_and_identities(a in ternary()) {
        prop_assert_eq!(!!a, a);
        // Yes is the identity of `&` and No of `|`; No absorbs `&` and Yes absorbs `|`.
        prop_assert_eq!(a & Ternary::Yes, a);
        prop_assert_eq!(a | Ternary::No, a);
        prop_assert_eq!(a & Ternary::No, Ternary::No);
        prop_assert_eq!(a | Ternary::Yes, Ternary::Yes);
    }

    #[test]
    fn distributive(a in ternary(), b in ternary(), c in ternary()) {
        prop_assert_eq!(a & (b | c), (a & b) | (a & c));
        prop_assert_eq!(a | (b & c), (a | b) & (a | c));
    }

    #[test]
    fn split_always_reconciles(
        amount in -10_000_000_000i64..10_000_000_000i64,
        weights in prop::collection::vec(0u128..1_000_000, 1..12),
    ) {
        let parts = Money(amount).split(&weights);
        prop_assert_eq!(parts.len(), weights.len());
        let total: u128 = weights.iter().sum();
        if total == 0 {
            // Nothing to share by: nobody gets anything.
            prop_assert!(parts.iter().all(|p| *p == Money::ZERO));
        } else {
            prop_assert_eq!(parts.iter().copied().sum::<Money>(), Money(amount));
            for (part, w) in parts.iter().zip(&weights) {
                // A zero weight gets nothing; every part has the amount's sign and is within a
                // penny of its exact share.
                if *w == 0 {
                    prop_assert_eq!(*part, Money::ZERO);
                }
                // |part − amount × w / total| < 1, in integers: |part × total − amount × w| < total.
                let (part_i, total_i) = (i128::from(part.0), total as i128);
                let off = (part_i * total_i - i128::from(amount) * *w as i128).abs();
                prop_assert!(off < total_i, "{:?} for weight {} of {}", part, w, total);
                prop_assert!(part.0 == 0 || (part.0 < 0) == (amount < 0));
            }
        }
    }
}
