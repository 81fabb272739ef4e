curl-X POST \
  {{url}}/apps/token \
  -H "Content-type: application/json"  \
  -H 'Authorization: YOUR_TOKEN' \
  -d '{
    "x_partner_token": "3c62880548592b9366a186df2253e993da9cc",
    "amount_sanctioned": "100000",
    "final_approval": true,
    "loan_duration_type": "days",
    "interest_frequency": "yearly",
    "interest_type": "reducing",
    "interest": "18",
    "duration": "360"
    "verified_customer_ref_id": "ABCD1234512222"
  }'
