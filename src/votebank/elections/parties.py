"""Short codes of party names, for display and for matching the built-in scenarios."""

# Labels of candidates of no party (any case): independents, each standing for themselves.
INDEPENDENT = {"ind", "independent", "independents"}

# Party codes of the shipped Pakistan results, as the built-in scenarios use them; a party
# without a code keeps its full name.
PAKISTAN_PARTY_CODES = {
    "Pakistan Peoples Party Parliamentarians": "PPPP",
    "Pakistan Muslim League (Nawaz)": "PML-N",
    "Pakistan Muslim League (Qaid-e-Azam)": "PML-Q",
    "Independents": "IND",
    "Muttahida Qaumi Movement": "MQM",
    "Awami National Party": "ANP",
    "Jamiat Ulema-e Islam (Fazl)": "JUI-F",
    "Pakistan Muslim League (Functional)": "PML-F",
    "Qaumi Watan Party": "QWP",
    "National Party": "NP",
    "Balochistan National Party (Awami)": "BNP-A",
    "Pakistan Democratic Party": "PDP",
    "Pakistan Peoples Party (Shaheed Bhutto)": "PPP-SB",
    "National Peoples Party": "NPP",
    "Sindh United Party": "SUP",
    "Pakistan Citizen Movement": "PCM",
    "Pakistan Bachao Party": "PBP",
    "Muttahidda Majlis-e-Amal Pakistan": "MMA",
    "National Alliance": "NAL",
    "Pakistan Tehreek-e-Insaf": "PTI",
    "Pakistan Muslim League (Haqiqi)": "PML-H",
    "Pakistan Muslim League (Zia-ul-Haq Shaheed)": "PML-Z",
    "Pakistan Awami Tehreek": "PAT",
    "Balochistan National Movement": "BNM",
    "Balochistan National Party": "BNP",
    "Paktunkhwa Milli Awami Party": "PkMAP",
    "Mohajir Qaumi Movement (Haqiqi)": "MQM-H",
    "Jamhoori Wattan Party": "JWP",
}
