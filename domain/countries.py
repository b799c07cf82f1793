"""Countries as states: ISO 3166 alpha-3 codes (the state's actor key) with their ICEWS/ISO long forms.

Covers every UN member state, Palestine, the Holy See, Kosovo and Taiwan (and places ICEWS codes as
countries, such as Hong Kong and Western Sahara); data only, plus two pure look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from domain.names import fold_name

_TABLE = """
afg|Afghanistan|Islamic Republic of Afghanistan
alb|Albania|Republic of Albania
dza|Algeria|People's Democratic Republic of Algeria
and|Andorra|Principality of Andorra
ago|Angola|Republic of Angola
atg|Antigua and Barbuda|
arg|Argentina|Argentine Republic
arm|Armenia|Republic of Armenia
aus|Australia|Commonwealth of Australia
aut|Austria|Republic of Austria
aze|Azerbaijan|Republic of Azerbaijan
bhs|Bahamas|Commonwealth of The Bahamas;The Bahamas;Bahamas, The
bhr|Bahrain|Kingdom of Bahrain
bgd|Bangladesh|People's Republic of Bangladesh
brb|Barbados|
blr|Belarus|Republic of Belarus
bel|Belgium|Kingdom of Belgium
blz|Belize|
ben|Benin|Republic of Benin
btn|Bhutan|Kingdom of Bhutan
bol|Bolivia|Plurinational State of Bolivia;Bolivia, Plurinational State of
bih|Bosnia and Herzegovina|Bosnia-Herzegovina
bwa|Botswana|Republic of Botswana
bra|Brazil|Federative Republic of Brazil
brn|Brunei|Brunei Darussalam;Nation of Brunei
bgr|Bulgaria|Republic of Bulgaria
bfa|Burkina Faso|
bdi|Burundi|Republic of Burundi
khm|Cambodia|Kingdom of Cambodia
cmr|Cameroon|Republic of Cameroon
can|Canada|
cpv|Cape Verde|Cabo Verde;Republic of Cabo Verde
caf|Central African Republic|
tcd|Chad|Republic of Chad
chl|Chile|Republic of Chile
chn|China|People's Republic of China
col|Colombia|Republic of Colombia
com|Comoros|Union of the Comoros
cog|Congo|Republic of the Congo;Congo-Brazzaville
cri|Costa Rica|Republic of Costa Rica
civ|Cote d'Ivoire|Côte d'Ivoire;Ivory Coast
hrv|Croatia|Republic of Croatia
cub|Cuba|Republic of Cuba
cyp|Cyprus|Republic of Cyprus
cze|Czech Republic|Czechia
cod|Democratic Republic of Congo|Democratic Republic of the Congo;Congo, The Democratic Republic of the;DR Congo;Congo-Kinshasa
dnk|Denmark|Kingdom of Denmark
dji|Djibouti|Republic of Djibouti
dma|Dominica|Commonwealth of Dominica
dom|Dominican Republic|
ecu|Ecuador|Republic of Ecuador
egy|Egypt|Arab Republic of Egypt
slv|El Salvador|Republic of El Salvador
gnq|Equatorial Guinea|Republic of Equatorial Guinea
eri|Eritrea|State of Eritrea
est|Estonia|Republic of Estonia
eth|Ethiopia|Federal Democratic Republic of Ethiopia
fji|Fiji|Republic of Fiji
fin|Finland|Republic of Finland
fra|France|French Republic
gab|Gabon|Gabonese Republic
gmb|Gambia|Republic of the Gambia;The Gambia
geo|Georgia|
deu|Germany|Federal Republic of Germany
gha|Ghana|Republic of Ghana
grc|Greece|Hellenic Republic
grd|Grenada|
gtm|Guatemala|Republic of Guatemala
gin|Guinea|Republic of Guinea
gnb|Guinea-Bissau|Republic of Guinea-Bissau
guy|Guyana|Co-operative Republic of Guyana
hti|Haiti|Republic of Haiti
vat|Holy See|Vatican City;Holy See (Vatican City State)
hnd|Honduras|Republic of Honduras
hkg|Hong Kong|Hong Kong SAR
hun|Hungary|
isl|Iceland|Republic of Iceland
ind|India|Republic of India
idn|Indonesia|Republic of Indonesia
irn|Iran|Islamic Republic of Iran;Iran, Islamic Republic of
irq|Iraq|Republic of Iraq
irl|Ireland|
isr|Israel|State of Israel
ita|Italy|Italian Republic
jam|Jamaica|
jpn|Japan|
jor|Jordan|Hashemite Kingdom of Jordan
kaz|Kazakhstan|Republic of Kazakhstan
ken|Kenya|Republic of Kenya
kir|Kiribati|Republic of Kiribati
xkx|Kosovo|Republic of Kosovo
kwt|Kuwait|State of Kuwait
kgz|Kyrgyzstan|Kyrgyz Republic
lao|Laos|Lao People's Democratic Republic
lva|Latvia|Republic of Latvia
lbn|Lebanon|Lebanese Republic
lso|Lesotho|Kingdom of Lesotho
lbr|Liberia|Republic of Liberia
lby|Libya|State of Libya
lie|Liechtenstein|Principality of Liechtenstein
ltu|Lithuania|Republic of Lithuania
lux|Luxembourg|Grand Duchy of Luxembourg
mdg|Madagascar|Republic of Madagascar
mwi|Malawi|Republic of Malawi
mys|Malaysia|
mdv|Maldives|Republic of Maldives
mli|Mali|Republic of Mali
mlt|Malta|Republic of Malta
mhl|Marshall Islands|Republic of the Marshall Islands
mrt|Mauritania|Islamic Republic of Mauritania
mus|Mauritius|Republic of Mauritius
mex|Mexico|United Mexican States
fsm|Micronesia|Federated States of Micronesia;Micronesia, Federated States of
mda|Moldova, Republic of|Moldova;Republic of Moldova
mco|Monaco|Principality of Monaco
mng|Mongolia|
mne|Montenegro|
mar|Morocco|Kingdom of Morocco
moz|Mozambique|Republic of Mozambique
mmr|Myanmar|Burma;Republic of the Union of Myanmar
nam|Namibia|Republic of Namibia
nru|Nauru|Republic of Nauru
npl|Nepal|Federal Democratic Republic of Nepal
nld|Netherlands|Kingdom of the Netherlands;The Netherlands
nzl|New Zealand|
nic|Nicaragua|Republic of Nicaragua
ner|Niger|Republic of the Niger
nga|Nigeria|Federal Republic of Nigeria
prk|North Korea|Democratic People's Republic of Korea;Korea, Democratic People's Republic of
nor|Norway|Kingdom of Norway
pse|Occupied Palestinian Territory|Palestine;State of Palestine;Palestinian Territory
omn|Oman|Sultanate of Oman
pak|Pakistan|Islamic Republic of Pakistan
plw|Palau|Republic of Palau
pan|Panama|Republic of Panama
png|Papua New Guinea|
pry|Paraguay|Republic of Paraguay
per|Peru|Republic of Peru
phl|Philippines|Republic of the Philippines
pol|Poland|Republic of Poland
prt|Portugal|Portuguese Republic
qat|Qatar|State of Qatar
rou|Romania|
rus|Russia|Russian Federation
rwa|Rwanda|Republic of Rwanda
kna|Saint Kitts and Nevis|Federation of Saint Kitts and Nevis;St. Kitts and Nevis
lca|Saint Lucia|St. Lucia
vct|Saint Vincent and the Grenadines|St. Vincent and the Grenadines
wsm|Samoa|Independent State of Samoa
smr|San Marino|Republic of San Marino
stp|Sao Tome and Principe|São Tomé and Príncipe;Democratic Republic of Sao Tome and Principe
sau|Saudi Arabia|Kingdom of Saudi Arabia
sen|Senegal|Republic of Senegal
srb|Serbia|Republic of Serbia
syc|Seychelles|Republic of Seychelles
sle|Sierra Leone|Republic of Sierra Leone
sgp|Singapore|Republic of Singapore
svk|Slovakia|Slovak Republic
svn|Slovenia|Republic of Slovenia
slb|Solomon Islands|
som|Somalia|Federal Republic of Somalia
zaf|South Africa|Republic of South Africa
kor|South Korea|Republic of Korea;Korea, Republic of
ssd|South Sudan|Republic of South Sudan
esp|Spain|Kingdom of Spain
lka|Sri Lanka|Democratic Socialist Republic of Sri Lanka
sdn|Sudan|Republic of the Sudan
sur|Suriname|Republic of Suriname
swz|Swaziland|Eswatini;Kingdom of Eswatini
swe|Sweden|Kingdom of Sweden
che|Switzerland|Swiss Confederation
syr|Syria|Syrian Arab Republic
twn|Taiwan|Taiwan, Province of China;Republic of China
tjk|Tajikistan|Republic of Tajikistan
tza|Tanzania|United Republic of Tanzania;Tanzania, United Republic of
tha|Thailand|Kingdom of Thailand
mkd|the former Yugoslav Republic of Macedonia|North Macedonia;Macedonia;Republic of North Macedonia
tls|Timor-Leste|East Timor;Democratic Republic of Timor-Leste
tgo|Togo|Togolese Republic
ton|Tonga|Kingdom of Tonga
tto|Trinidad and Tobago|Republic of Trinidad and Tobago
tun|Tunisia|Republic of Tunisia
tur|Turkey|Republic of Turkey;Türkiye
tkm|Turkmenistan|
tuv|Tuvalu|
uga|Uganda|Republic of Uganda
ukr|Ukraine|
are|United Arab Emirates|UAE
gbr|United Kingdom|United Kingdom of Great Britain and Northern Ireland;Great Britain;Britain
usa|United States|United States of America
ury|Uruguay|Oriental Republic of Uruguay
uzb|Uzbekistan|Republic of Uzbekistan
vut|Vanuatu|Republic of Vanuatu
ven|Venezuela|Bolivarian Republic of Venezuela;Venezuela, Bolivarian Republic of
vnm|Vietnam|Viet Nam;Socialist Republic of Vietnam
esh|Western Sahara|Sahrawi Arab Democratic Republic
yem|Yemen|Republic of Yemen
zmb|Zambia|Republic of Zambia
zwe|Zimbabwe|Republic of Zimbabwe
"""


@dataclass(frozen=True)
class Country:
    """A country as a state: its key (ISO alpha-3, lower case), usual name and long forms."""

    key: str
    name: str
    aliases: tuple[str, ...]


COUNTRIES: tuple[Country, ...] = tuple(
    Country(key, name, tuple(a for a in aliases.split(";") if a))
    for key, name, aliases in (line.split("|") for line in _TABLE.strip().splitlines())
)
_BY_NAME = {fold_name(n): c for c in COUNTRIES for n in (c.name, *c.aliases)}
_BY_CODE = {c.key: c for c in COUNTRIES}


@lru_cache(maxsize=4096)
def country_named(name: str) -> Country | None:
    """Find a country by its name or a long form ("Russian Federation"), ignoring case and accents."""
    return _BY_NAME.get(fold_name(name))


def country_coded(code: str) -> Country | None:
    """Find a country by its ISO 3166 alpha-3 code ("RUS")."""
    return _BY_CODE.get(code.strip().lower())
