//! Builds one generated map in memory, in the shape of a county's employment support: an area
//! split into localities (about 40 services each, a quarter of them gateways), area-wide
//! programmes, commissioners funding each other two levels deep, providers by sector, rules of
//! every kind, and cohorts of ten kinds placed in localities. Every random draw comes from one
//! stream in a fixed order, so the same options give the same map. Writing it is
//! [`super::write`]'s business.

use indexmap::IndexMap;

use super::parts::*;
use super::rng::Rng;
use super::services::ServiceBuilder;
use super::vocab::{PREFIXES, SECTORS, SUFFIXES};

/// What [`generate`] needs to know.
#[derive(Debug, Clone, Copy)]
pub(super) struct Spec<'a> {
    pub(super) services: usize,
    pub(super) cohorts: usize,
    pub(super) commissioners: usize,
    pub(super) localities: Option<usize>,
    pub(super) seed: u64,
    pub(super) index: u64,
    pub(super) area_id: &'a str,
}

/// Builds one map.
pub(super) fn generate(spec: &Spec<'_>) -> Generated {
    let mut rng = Rng::new(&[spec.seed, spec.index]);
    // Figures the older generator did not write (IPS caseloads and outcomes, accepted overlaps)
    // come from a stream of their own, so the rest of the map keeps its shape draw for draw.
    let mut extra = Rng::new(&[spec.seed, spec.index, 1]);
    let plan = Plan::new(spec.services, spec.localities);
    let mut ids = Ids::default();
    ids.claim(spec.area_id);

    let all_names: Vec<String> = PREFIXES
        .iter()
        .flat_map(|p| SUFFIXES.iter().map(move |s| format!("{p}{s}")))
        .collect();
    let mut names = rng.sample(&all_names, all_names.len());
    let area_name = title(&names.remove(0));
    let localities: Vec<String> = (0..plan.localities)
        .map(|i| match names.get(i) {
            Some(n) => n.clone(),
            None => format!("{}-{}", names[i % names.len()], i / names.len() + 1),
        })
        .collect();
    let population: u64 = localities.iter().map(|_| 1000 * rng.int(120, 300)).sum();
    let working_age = round_to(population * rng.int(60, 66) / 100, 1000);

    let mut commissioners = commissioners(spec.commissioners, &area_name, &localities, &mut ids);
    let (providers, by_sector) =
        providers(spec.services, &area_name, &localities, &mut ids, &mut rng);

    let mut b = ServiceBuilder::new(
        &mut rng,
        &mut ids,
        &localities,
        &area_name,
        &commissioners,
        by_sector,
    );
    b.services(plan);
    let cohorts = b.cohorts(spec.cohorts, plan.localities);
    let built = b.finish();
    let mut services = built.services;
    fund_commissioners(&mut commissioners, &services, &mut rng);

    let cmhts = built.kind_index.get("cmht").map_or(0, Vec::len) as u64;
    let talking = built
        .kind_index
        .get("talking-therapies")
        .map_or(0, Vec::len) as u64;
    let area = Area {
        id: spec.area_id.to_owned(),
        name: format!("{area_name} (synthetic)"),
        population,
        working_age,
        caseload: round_to(working_age * rng.int(100, 160) / 10_000, 10),
        in_work: rng.int(6, 10),
        cmhts,
        therapists: talking.max(1) * rng.int(8, 30),
    };
    ips_figures(&mut services, &mut extra);
    let accepted = accepted_overlaps(&services, &built.by_loc_kind, plan, &mut extra);
    Generated {
        plan,
        area,
        commissioners,
        providers,
        rules: built.rules,
        cohorts,
        services,
        accepted,
    }
}

/// The commissioners: the ICB, the county council, DWP and NHS England, then district councils
/// and further ICB places as many as asked for.
fn commissioners(
    count: usize,
    area_name: &str,
    localities: &[String],
    ids: &mut Ids,
) -> Vec<Commissioner> {
    let mut order: Vec<(String, &'static str)> = vec![
        ("icb".into(), "nhs"),
        ("council".into(), "local_authority"),
        ("dwp".into(), "dwp"),
        ("nhs-england".into(), "nhs"),
    ];
    let mut n = 2;
    while order.len() < count {
        order.push((format!("council-{n}"), "local_authority"));
        if order.len() < count && n % 2 == 1 {
            order.push((format!("icb-{n}"), "nhs"));
        }
        n += 1;
    }
    order.truncate(count);
    let gated = localities.len() > 1;
    let mut out: Vec<Commissioner> = Vec::with_capacity(count);
    for (base, kind) in order {
        let id = ids.claim(&base);
        let name = match id.as_str() {
            "icb" => format!("{area_name} Integrated Care Board"),
            "council" => format!("{area_name} County Council"),
            "dwp" => "Department for Work and Pensions".to_owned(),
            "nhs-england" => "NHS England".to_owned(),
            _ if kind == "local_authority" && gated => format!(
                "{} District Council",
                title(&localities[out.len() % localities.len()])
            ),
            _ if kind == "local_authority" => {
                format!("{area_name} Borough Council {}", out.len())
            }
            _ => format!("{area_name} place partnership ({id})"),
        };
        out.push(Commissioner {
            id,
            name,
            kind,
            funded_by: None,
        });
    }
    out
}

/// The words a provider of `sector` is named with, after its place.
fn provider_words(sector: &str) -> &'static [&'static str] {
    match sector {
        "nhs" => &["Community NHS Trust", "Health Partnership"],
        "voluntary" => &[
            "Wellbeing Trust",
            "Recovery Partnership",
            "Works CIC",
            "Community Action",
        ],
        "private" => &["Employment Ltd", "Training Ltd"],
        _ => &["Skills Service"],
    }
}

/// The providers: five that every area has, then one for every 25 services, named after a
/// locality.
fn providers(
    services: usize,
    area_name: &str,
    localities: &[String],
    ids: &mut Ids,
    rng: &mut Rng,
) -> (Vec<Provider>, BySector) {
    let base: [(&str, &'static str, String); 5] = [
        (
            "trust",
            "nhs",
            format!("{area_name} Mental Health NHS Trust"),
        ),
        ("jcp", "public", "Jobcentre Plus".to_owned()),
        ("charity", "voluntary", format!("{area_name} Mind")),
        ("prime", "private", "Prime Employment Ltd".to_owned()),
        (
            "council-services",
            "public",
            format!("{area_name} Council employment and health services"),
        ),
    ];
    let gated = localities.len() > 1;
    let mut by_sector: BySector = ["nhs", "voluntary", "private", "public", "jcp"]
        .into_iter()
        .map(|s| (s, Vec::new()))
        .collect();
    let mut counts: IndexMap<String, usize> = IndexMap::new();
    let mut out = Vec::new();
    for i in 0..5 + services / 25 {
        let (base_id, sector, name) = match base.get(i) {
            Some((id, sector, name)) => ((*id).to_owned(), *sector, name.clone()),
            None => {
                let sector =
                    rng.weighted(&[("voluntary", 5), ("private", 2), ("nhs", 1), ("public", 1)]);
                let word = rng.pick(provider_words(sector));
                let place = if gated {
                    title(&localities[i % localities.len()])
                } else {
                    area_name.to_owned()
                };
                let stem = format!("{place} {word}").to_lowercase().replace(' ', "-");
                let count = counts.entry(stem.clone()).or_insert(0);
                *count += 1;
                if *count == 1 {
                    (stem, sector, format!("{place} {word}"))
                } else {
                    (
                        format!("{stem}-{count}"),
                        sector,
                        format!("{place} {word} {count}"),
                    )
                }
            }
        };
        let id = ids.claim(&base_id);
        let key = if id == "jcp" { "jcp" } else { sector };
        by_sector.entry(key).or_default().push(id.clone());
        out.push(Provider { id, name, sector });
    }
    // A sector with no provider of its own borrows the trust.
    for sector in SECTORS {
        if by_sector[*sector].is_empty() {
            by_sector[*sector] = vec![out[0].id.clone()];
        }
    }
    if by_sector["jcp"].is_empty() {
        by_sector["jcp"] = by_sector["public"].clone();
    }
    (out, by_sector)
}

/// Two levels of money: NHS England funds the ICBs, the county council (or DWP) funds the
/// district councils, each a share of what it spends on services.
fn fund_commissioners(commissioners: &mut [Commissioner], services: &[Service], rng: &mut Rng) {
    let mut spend: IndexMap<String, u64> =
        commissioners.iter().map(|c| (c.id.clone(), 0)).collect();
    for line in services.iter().flat_map(|s| &s.funding) {
        *spend.entry(line.from.clone()).or_default() += line.amount;
    }
    let exists = |id: &str| spend.contains_key(id);
    let mut funders = Vec::with_capacity(commissioners.len());
    for c in commissioners.iter() {
        let funder = if c.id == "icb" || c.id.starts_with("icb-") {
            Some("nhs-england")
        } else if c.id.starts_with("council-") {
            Some(if rng.pct(60) { "council" } else { "dwp" })
        } else {
            None
        };
        let spent = spend[c.id.as_str()];
        let line = match funder.filter(|f| exists(f)) {
            Some(f) if spent >= 2000 => {
                let amount = round_to(spent * rng.int(20, 50) / 100, 1000).min(spent);
                Some(Line {
                    from: f.to_owned(),
                    amount,
                    contract: None,
                })
            }
            _ => None,
        };
        funders.push(line);
    }
    for (c, line) in commissioners.iter_mut().zip(funders) {
        c.funded_by = line;
    }
}

/// Caseloads and outcomes of IPS services with places, as IPS Grow's reporting has them.
fn ips_figures(services: &mut [Service], extra: &mut Rng) {
    for s in services.iter_mut().filter(|s| s.model == "ips") {
        let Some(cap) = s.capacity.as_mut() else {
            continue;
        };
        cap.caseload = Some(extra.int(12, 25));
        let people_supported = cap.people * extra.int(70, 100) / 100;
        let job_starts = people_supported * extra.int(25, 45) / 100;
        let sustained_13_weeks = job_starts * extra.int(55, 80) / 100;
        s.outcomes = Some(Outcomes {
            people_supported,
            job_starts,
            sustained_13_weeks,
        });
    }
}

/// In about half the localities whose mental health team refers to the trust-wide IPS service,
/// the partnership accepts that it overlaps the local IPS service.
fn accepted_overlaps(
    services: &[Service],
    by_loc_kind: &ByLocalityKind,
    plan: Plan,
    extra: &mut Rng,
) -> Vec<Accepted> {
    let Some(&area_ips) = by_loc_kind.get(&(None, "area-ips")).and_then(|v| v.first()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for i in 0..plan.localities {
        let (Some(&local), Some(cmhts)) = (
            by_loc_kind.get(&(Some(i), "ips")).and_then(|v| v.first()),
            by_loc_kind.get(&(Some(i), "cmht")),
        ) else {
            continue;
        };
        let referred = cmhts
            .iter()
            .any(|c| services[area_ips].referred_from.contains(c));
        if referred && extra.pct(50) {
            out.push(Accepted {
                services: [local, area_ips],
                reason: "People choose between the local team and the trust-wide service.",
            });
        }
    }
    out
}
